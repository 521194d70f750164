// Loads the addon built by scripts/install.cjs, or says why it is not there (the install's own
// one-line reason when it skipped the build).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NativeAddon } from './native-addon';

export type AddonAttempt = { ok: true; addon: NativeAddon } | { ok: false; reason: string };

const ROOT = join(__dirname, '..');
export const ADDON_PATH = join(ROOT, 'build', 'Release', 'genlab_native.node');
const NOT_BUILT = join(ROOT, 'build', 'not-built.txt');

let attempt: AddonAttempt | undefined;

/** Loads once per process; `path` is injectable so tests can simulate a missing build. */
export function loadAddon(path: string = ADDON_PATH): AddonAttempt {
  if (path === ADDON_PATH && attempt) return attempt;
  const result = tryLoad(path);
  if (path === ADDON_PATH) attempt = result;
  return result;
}

function tryLoad(path: string): AddonAttempt {
  if (!existsSync(path)) {
    const why =
      path === ADDON_PATH && existsSync(NOT_BUILT)
        ? readFileSync(NOT_BUILT, 'utf8').trim()
        : `${path} does not exist (run \`npm rebuild @genlab/backend-native\` or \`npm ci\`)`;
    return { ok: false, reason: `native kernels not built: ${why}` };
  }
  // OpenMP threads spin between parallel regions by default, stealing the cores wasm's threads
  // and other processes need; libgomp reads this when it loads, so set it before.
  process.env.OMP_WAIT_POLICY ??= 'PASSIVE';
  try {
    return { ok: true, addon: require(path) as NativeAddon };
  } catch (err) {
    return { ok: false, reason: `native kernels failed to load: ${(err as Error).message.split('\n')[0]}` };
  }
}
