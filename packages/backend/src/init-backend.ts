// Chooses and initialises the tfjs backend once per process. `auto` tries the TensorFlow bindings
// (GPU, then CPU) when `genlab setup` verified them on this machine, then native (wasm + oneDNN
// kernels), then wasm, then the pure-JS cpu backend, recording why each was skipped.
import * as os from 'os';
import { loadAddon } from '@genlab/backend-native';
import { assertBackend, BackendError } from './backend-error';
import { BACKEND_CHOICES, BackendChoice, BackendInfo, BackendLog, BackendName, InitBackendOptions } from './backend-info';
import { registerKernelsFor } from './kernels/register-kernels-for';
import { loadNative } from './load-native';
import { checkVerified } from './tensorflow-verification';
import { tf } from './tf';
import { initWasm } from './wasm/init-wasm';

let current: Promise<BackendInfo> | undefined;

/**
 * Initialises the backend; later calls return the first call's info (tfjs has one global engine).
 * The GENLAB_BACKEND environment variable overrides `choice`.
 */
export async function initBackend(choice: BackendChoice, opts: InitBackendOptions = {}): Promise<BackendInfo> {
  const log = opts.log ?? (() => undefined);
  if (current) return current.then((info) => sameInfo(info, resolveChoice(choice), log));
  current = choose(resolveChoice(choice), opts.threads ?? defaultThreads(), log);
  current.catch(() => (current = undefined)); // a failed init may be retried
  return current;
}

/**
 * Threads for wasm and the native kernels: GENLAB_THREADS when set, else the core count. One
 * setting for both, as native kernels and wasm kernels run one after the other, never together.
 */
export function defaultThreads(): number {
  const fromEnv = process.env.GENLAB_THREADS?.trim();
  if (fromEnv) {
    const n = Number(fromEnv);
    assertBackend(
      Number.isInteger(n) && n >= 1 && n <= 256,
      () => `GENLAB_THREADS must be an integer from 1 to 256, got ${JSON.stringify(fromEnv)}`,
    );
    return n;
  }
  return Math.max(1, os.cpus().length);
}

function resolveChoice(choice: BackendChoice): BackendChoice {
  const fromEnv = process.env.GENLAB_BACKEND?.trim();
  const picked = fromEnv ? (fromEnv as BackendChoice) : choice;
  assertBackend(
    BACKEND_CHOICES.includes(picked),
    () =>
      `unknown backend ${JSON.stringify(picked)}${fromEnv ? ' (from GENLAB_BACKEND)' : ''}; expected one of ${BACKEND_CHOICES.join(', ')}`,
  );
  return picked;
}

function sameInfo(info: BackendInfo, requested: BackendChoice, log: BackendLog): BackendInfo {
  if (requested !== info.requested) log('backend already initialised; ignoring new choice', { requested, active: info.name });
  return info;
}

async function choose(requested: BackendChoice, threads: number, log: BackendLog): Promise<BackendInfo> {
  const skipped: string[] = [];
  const candidates: BackendName[] =
    requested === 'auto'
      ? ['tensorflow-gpu', 'tensorflow', 'native', 'wasm', 'cpu']
      : requested === 'tensorflow'
        ? ['tensorflow-gpu', 'tensorflow']
        : [requested];
  for (const name of candidates) {
    let outcome: BackendInfo | string;
    try {
      outcome = await tryBackend(name, requested, threads, log);
    } catch (err) {
      outcome = `${name} failed: ${(err as Error).message}`;
    }
    if (typeof outcome !== 'string') return finish({ ...outcome, reason: [...skipped, outcome.reason].join('; ') }, log);
    skipped.push(outcome);
  }
  throw new BackendError(`no backend could be initialised for ${JSON.stringify(requested)}: ${skipped.join('; ')}`);
}

/** Returns the backend's info, or the reason it was skipped. */
async function tryBackend(name: BackendName, requested: BackendChoice, threads: number, log: BackendLog): Promise<BackendInfo | string> {
  const base = { requested, kernels: [] as string[], onednn: null as string | null };
  if (name === 'tensorflow' || name === 'tensorflow-gpu') {
    // Asked for by name, a binding is loaded as it is; `auto` takes only a verified one.
    const verified = requested === 'auto' ? checkVerified(name) : undefined;
    if (verified && !verified.ok) return verified.reason;
    const attempt = loadNative(name);
    if (!attempt.ok) return attempt.reason;
    if (!(await tf.setBackend('tensorflow'))) return `${name}: tfjs could not set the tensorflow backend`;
    return {
      ...base,
      name,
      threads: os.cpus().length,
      simd: true,
      reason: verified ? `${attempt.reason}, ${verified.reason}` : attempt.reason,
    };
  }
  if (name === 'native') {
    const attempt = loadAddon();
    if (!attempt.ok) return `native: ${attempt.reason}`;
    const w = await initWasm(threads, log);
    attempt.addon.setThreads(threads);
    const note = `native: ${attempt.addon.version()} kernels, ${attempt.addon.threads()} threads, on wasm (${w.note})`;
    return { ...base, name, threads: attempt.addon.threads(), simd: w.simd, reason: note, onednn: attempt.addon.version() };
  }
  if (name === 'wasm') {
    const w = await initWasm(threads, log);
    return { ...base, name, threads: w.threads, simd: w.simd, reason: `wasm: ${w.note}` };
  }
  assertBackend(await tf.setBackend('cpu'), () => 'tfjs could not set the cpu backend');
  return { ...base, name: 'cpu', threads: 1, simd: false, reason: 'cpu: pure-JS backend' };
}

function finish(info: BackendInfo, log: BackendLog): BackendInfo {
  const kernels = registerKernelsFor(info.name);
  const done = Object.freeze({ ...info, kernels });
  log(`backend ${done.name}`, done);
  return done;
}
