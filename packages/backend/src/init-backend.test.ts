import { afterEach, describe, expect, it } from 'vitest';
import { loadAddon } from '@genlab/backend-native';
import { BackendError } from './backend-error';
import { defaultThreads, initBackend } from './init-backend';
import { loadNative } from './load-native';
import { tf } from './tf';

const nativeInstalled = (() => {
  try {
    require.resolve('@tensorflow/tfjs-node');
    return true;
  } catch {
    return false;
  }
})();

const addon = loadAddon();

afterEach(() => {
  delete process.env.GENLAB_BACKEND;
  delete process.env.GENLAB_THREADS;
});

describe('defaultThreads', () => {
  it('is GENLAB_THREADS when set, and rejects a value that is not a thread count', () => {
    process.env.GENLAB_THREADS = '3';
    expect(defaultThreads()).toBe(3);
    process.env.GENLAB_THREADS = 'two';
    expect(() => defaultThreads()).toThrow(BackendError);
    expect(() => defaultThreads()).toThrow('GENLAB_THREADS must be an integer from 1 to 256, got "two"');
    delete process.env.GENLAB_THREADS;
    expect(defaultThreads()).toBeGreaterThanOrEqual(1);
  });
});

describe('loadNative', () => {
  it('reports a missing binding as not installed, with the loader message', () => {
    const missing = () => {
      throw new Error("Cannot find module '@tensorflow/tfjs-node'\nRequire stack: ...");
    };
    expect(loadNative('tensorflow', missing)).toEqual({
      ok: false,
      name: 'tensorflow',
      reason: "tfjs-node not installed: Cannot find module '@tensorflow/tfjs-node'",
    });
  });

  it("drops tfjs's re-registration warnings of a second binding, and nothing else", () => {
    const warned: unknown[][] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => void warned.push(args);
    try {
      const halfInstalled = () => {
        console.warn("The kernel 'Conv2D' for backend 'tensorflow' is already registered");
        console.warn('something else', 1);
        throw new Error('The Node.js native addon module (tfjs_binding.node) can not be found');
      };
      expect(loadNative('tensorflow', halfInstalled).ok).toBe(false);
      console.warn("The kernel 'Conv2D' for backend 'tensorflow' is already registered");
    } finally {
      console.warn = warn;
    }
    expect(warned).toEqual([['something else', 1], ["The kernel 'Conv2D' for backend 'tensorflow' is already registered"]]);
  });

  it('reports a broken binding as failed to load', () => {
    const broken = () => {
      throw new Error('libtensorflow.so.2: cannot open shared object file');
    };
    expect(loadNative('tensorflow-gpu', broken).reason).toBe(
      'tfjs-node-gpu failed to load: libtensorflow.so.2: cannot open shared object file',
    );
  });
});

describe('initBackend', () => {
  it('rejects an unknown GENLAB_BACKEND, naming the variable', async () => {
    process.env.GENLAB_BACKEND = 'tpu';
    await expect(initBackend('auto')).rejects.toThrow(BackendError);
    await expect(initBackend('auto')).rejects.toThrow(/unknown backend "tpu" \(from GENLAB_BACKEND\)/);
  });

  it.skipIf(nativeInstalled)(
    `auto falls back to ${addon.ok ? 'native' : 'wasm'} with the reasons the TensorFlow bindings were skipped`,
    async () => {
      const logged: string[] = [];
      const info = await initBackend('auto', { log: (msg) => logged.push(msg) });
      expect(info.requested).toBe('auto');
      expect(info.reason).toContain('tfjs-node-gpu not installed (`genlab setup gpu` installs and verifies it)');
      expect(info.reason).toContain('tfjs-node not installed (`genlab setup tensorflow` installs and verifies it)');
      expect(info.reason).toMatch(
        /wasm: (threaded-SIMD build, 2 threads|single-thread)|on wasm \((threaded-SIMD build, 2 threads|single-thread)/,
      );
      expect(info.simd).toBe(true);
      const wasmKernels = ['BatchMatMul', 'Conv2D', 'Conv2DBackpropFilter', 'Conv2DBackpropInput', 'FusedConv2D', 'Identity'];
      if (addon.ok) {
        expect(info.name).toBe('native');
        expect(info.reason).toMatch(/native: oneDNN \d+\.\d+\.\d+.* kernels, 2 threads/);
        expect(info.kernels).toEqual(
          [
            ...wasmKernels,
            'Add',
            'FusedBatchNorm',
            'GenlabAdam',
            'GenlabFusedBatchNormGrad',
            'GenlabLeakyReluGrad',
            'GenlabMeanGrad',
            'LeakyRelu',
            'Mean',
            'Square',
            'Sub',
            'Sum',
            '_FusedMatMul',
          ].sort(),
        );
      } else {
        expect(info.name).toBe('wasm');
        expect(info.reason).toMatch(/native: native kernels not built/);
        expect(info.kernels).toEqual(wasmKernels);
      }
      expect(tf.getBackend()).toBe('wasm'); // native runs on tfjs's wasm backend
      expect(logged).toContain(`backend ${info.name}`);
      console.log(`initBackend('auto'): ${JSON.stringify(info)}`);
    },
  );

  it('is idempotent: a second call returns the same info', async () => {
    const first = await initBackend('auto');
    const second = await initBackend('wasm');
    expect(second).toBe(first);
  });

  it('runs two wasm threads by default where SharedArrayBuffer exists', async () => {
    const info = await initBackend('auto');
    if ((info.name === 'wasm' || info.name === 'native') && typeof SharedArrayBuffer !== 'undefined') expect(info.threads).toBe(2);
  });
});
