// The one place that decides which of our kernels go on which backend. 'native' is tfjs's wasm
// backend with the oneDNN kernels of @genlab/backend-native replacing the heavy ones, so both
// kernel sets live on tfjs's 'wasm' backend and registering one replaces the other.
import type { KernelConfig } from '@tensorflow/tfjs';
import { loadAddon } from '@genlab/backend-native';
import { BackendError } from '../backend-error';
import { tf } from '../tf';
import { nativeKernelConfigs } from './native';
import { wasmKernelConfigs } from './wasm';

interface KernelSet {
  tfjsBackend: string;
  configs: () => KernelConfig[];
}

const KERNEL_SETS: Record<string, KernelSet> = {
  wasm: { tfjsBackend: 'wasm', configs: wasmKernelConfigs },
  native: {
    tfjsBackend: 'wasm',
    configs: () => {
      const wasm = wasmKernelConfigs();
      return withOverrides(wasm, nativeKernelConfigs(requireAddon(), wasm));
    },
  },
};

/** Per tfjs backend: the set registered now, its kernel names, and the stock kernels they replaced. */
const active = new Map<string, { set: string; names: string[] }>();
const stock = new Map<string, Map<string, KernelConfig | undefined>>();

/**
 * Registers our kernels for `name` ('wasm', 'native'; others have none) on its tfjs backend,
 * first restoring the stock kernels if another of our sets was registered there, and returns
 * their names. Registering the active set again is a no-op. Call after the backend is initialised.
 */
export function registerKernelsFor(name: string): string[] {
  const set = KERNEL_SETS[name];
  if (!set) return [];
  const current = active.get(set.tfjsBackend);
  if (current?.set === name) return [...current.names];
  if (current) restoreStock(set.tfjsBackend, current.names);
  const configs = set.configs();
  const replaced = stock.get(set.tfjsBackend) ?? new Map<string, KernelConfig | undefined>();
  stock.set(set.tfjsBackend, replaced);
  for (const config of configs) {
    const existing = tf.getKernel(config.kernelName, set.tfjsBackend);
    if (!replaced.has(config.kernelName)) replaced.set(config.kernelName, existing);
    if (existing) tf.unregisterKernel(config.kernelName, set.tfjsBackend);
    tf.registerKernel({ ...config, backendName: set.tfjsBackend });
  }
  const names = configs.map((c) => c.kernelName).sort();
  active.set(set.tfjsBackend, { set: name, names });
  return [...names];
}

function restoreStock(tfjsBackend: string, names: string[]): void {
  const replaced = stock.get(tfjsBackend)!;
  for (const kernelName of names) {
    tf.unregisterKernel(kernelName, tfjsBackend);
    const original = replaced.get(kernelName);
    if (original) tf.registerKernel(original);
  }
  active.delete(tfjsBackend);
}

/** `base` with every kernel that `overrides` also has replaced by the override. */
function withOverrides(base: KernelConfig[], overrides: KernelConfig[]): KernelConfig[] {
  const names = new Set(overrides.map((c) => c.kernelName));
  return [...base.filter((c) => !names.has(c.kernelName)), ...overrides];
}

function requireAddon() {
  const attempt = loadAddon();
  if (!attempt.ok) throw new BackendError(`backend 'native' is not available: ${attempt.reason}`);
  return attempt.addon;
}
