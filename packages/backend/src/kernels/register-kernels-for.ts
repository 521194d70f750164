// The one place that decides which of our kernels go on which backend. A native kernel path
// (over an optimised BLAS or oneDNN) gets its own entry here beside wasm.
import type { KernelConfig } from '@tensorflow/tfjs';
import { tf } from '../tf';
import { wasmKernelConfigs } from './wasm';

const KERNELS_BY_BACKEND: Record<string, () => KernelConfig[]> = {
  wasm: wasmKernelConfigs,
};

/** What we registered per backend, so registering twice is a no-op. */
const registered = new Map<string, string[]>();

/**
 * Registers our kernels for `backendName` (replacing stock kernels of the same name) and returns
 * their names; backends we have no kernels for get none. Call after the backend is initialised.
 */
export function registerKernelsFor(backendName: string): string[] {
  const done = registered.get(backendName);
  if (done) return [...done];
  const configs = KERNELS_BY_BACKEND[backendName]?.() ?? [];
  for (const config of configs) {
    if (tf.getKernel(config.kernelName, backendName)) tf.unregisterKernel(config.kernelName, backendName);
    tf.registerKernel({ ...config, backendName });
  }
  const names = configs.map((c) => c.kernelName).sort();
  registered.set(backendName, names);
  return [...names];
}
