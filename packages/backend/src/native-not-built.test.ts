// 'native' asked for where the addon was not built: a BackendError carrying the install's
// reason; 'auto' skips it for wasm and records why. The addon's loader is replaced by one that
// reports a missing build (this file runs in its own process, as vitest isolates files).
import { describe, expect, it, vi } from 'vitest';
import { BackendError } from './backend-error';
import { initBackend } from './init-backend';

const REASON = 'native kernels not built: oneDNN headers not found (oneapi/dnnl/dnnl.hpp under /usr, ...); install libdnnl-dev';

vi.mock('@genlab/backend-native', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@genlab/backend-native')>()),
  loadAddon: () => ({ ok: false, reason: REASON }),
}));

describe('backend native when the addon is not built', () => {
  it('initBackend("native") throws a BackendError with the reason', async () => {
    const failure = initBackend('native');
    await expect(failure).rejects.toThrow(BackendError);
    await expect(initBackend('native')).rejects.toThrow(`no backend could be initialised for "native": native: ${REASON}`);
  });

  it('GENLAB_BACKEND=native fails the same way; auto then falls back to wasm, saying why', async () => {
    process.env.GENLAB_BACKEND = 'native';
    await expect(initBackend('auto')).rejects.toThrow(BackendError);
    delete process.env.GENLAB_BACKEND;
    const info = await initBackend('auto');
    expect(info.name).not.toBe('native');
    expect(info.reason).toContain(`native: ${REASON}`);
    expect(info.kernels).not.toContain('GenlabAdam');
  });
});
