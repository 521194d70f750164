// tfjs-node(-gpu) are optional peer dependencies that only `genlab setup` installs: absent after npm ci.
import { BackendName } from './backend-info';

export interface NativeAttempt {
  ok: boolean;
  name: BackendName;
  /** Why it was skipped, e.g. "tfjs-node not installed: Cannot find module ..." */
  reason: string;
}

const PACKAGES: Record<'tensorflow' | 'tensorflow-gpu', string> = {
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
  tensorflow: '@tensorflow/tfjs-node',
};

/**
 * Requires a native binding; loading it registers the 'tensorflow' backend with tfjs.
 * `req` is injectable so tests can simulate a missing or broken install.
 */
export function loadNative(name: 'tensorflow' | 'tensorflow-gpu', req: (id: string) => unknown = require): NativeAttempt {
  const pkg = PACKAGES[name];
  const short = pkg.replace('@tensorflow/', '');
  const restoreWarn = dropReRegistrationWarnings();
  try {
    req(pkg);
    return { ok: true, name, reason: `${short} loaded` };
  } catch (err) {
    const message = firstLine(err);
    const missing = /Cannot find module/.test(message);
    return { ok: false, name, reason: `${short} ${missing ? 'not installed' : 'failed to load'}: ${message}` };
  } finally {
    restoreWarn();
  }
}

/**
 * tfjs-node and tfjs-node-gpu both register their kernels for the 'tensorflow' backend before
 * they load their binding. Where npm installed their JavaScript but their binding failed (their
 * install script downloads libtensorflow), trying the second after the first makes tfjs warn
 * "The kernel '...' for backend 'tensorflow' is already registered" about 150 times, into
 * every stage's log. Those warnings, and only those, are dropped while a binding loads.
 */
function dropReRegistrationWarnings(): () => void {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && RE_REGISTERED.test(args[0])) return;
    warn.apply(console, args);
  };
  return () => {
    console.warn = warn;
  };
}

const RE_REGISTERED = /^The kernel '[^']+' for backend 'tensorflow' is already registered$/;

function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0] ?? text;
}
