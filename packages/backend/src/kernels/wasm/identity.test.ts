import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../init-backend';
import { tf } from '../../tf';
import { compareWasmToCpu, seeded } from '../../../test-support/compare-backends';
import { f32Offset } from './wasm-tensors';

beforeAll(async () => {
  const info = await initBackend('wasm');
  expect(info.kernels).toContain('Identity');
});

describe('wasm Identity shares its input instead of copying it', () => {
  it('clones and gradients through saved tensors match the cpu backend', () => {
    const diffs = compareWasmToCpu(() => {
      const x = tf.tensor3d(seeded(3 * 5 * 7, 1), [3, 5, 7]);
      const w = tf.tensor2d(seeded(7 * 4, 2), [7, 4]);
      // matMul and leakyRelu save their inputs and output through Identity for the backward pass
      const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
        tf
          .leakyRelu(tf.matMul(a.reshape([15, 7]), b as tf.Tensor2D), 0.2)
          .square()
          .sum(),
      )([x, w]);
      return [tf.clone(x), dx!, dw!, tf.clone(tf.tensor1d([1, 2, 3], 'int32'))];
    });
    for (const d of diffs) expect(d.maxAbsDiff).toBeLessThan(1e-6);
  });

  it('the clone outlives its source and the memory is freed with the last of them', () => {
    void tf.setBackend('wasm');
    const backend = tf.backend() as unknown as BackendWasm;
    const before = tf.memory().numTensors;
    const x = tf.tensor2d(seeded(6, 3), [2, 3]);
    const expected = Array.from(x.dataSync());
    const y = tf.clone(x);
    expect(f32Offset(backend, y)).toBe(f32Offset(backend, x)); // no copy
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual(expected);
    expect(backend.refCount(y.dataId)).toBe(1);
    y.dispose();
    expect(backend.dataIdMap.has(y.dataId)).toBe(false);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('string tensors clone too', () => {
    void tf.setBackend('wasm');
    const s = tf.tensor1d(['a', 'bc']);
    const c = tf.clone(s);
    s.dispose();
    expect(c.dataSync()).toEqual(['a', 'bc']);
    c.dispose();
  });
});
