import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../init-backend';
import { tf } from '../../tf';
import { compareWasmToCpu, seeded } from '../../../test-support/compare-backends';

beforeAll(async () => {
  const info = await initBackend('wasm');
  expect(info.kernels).toContain('BatchMatMul');
});

// [m, k, n]: dense-layer gradient shapes (small batch x big weights) take the swapped product,
// square-ish ones the direct one; odd sizes catch off-by-one tiling.
const SHAPES: [number, number, number][] = [
  [7, 13, 5],
  [3, 257, 129],
  [64, 31, 1],
  [1, 9, 300],
  [300, 9, 1],
];

describe('wasm BatchMatMul with transposed operands matches the cpu backend', () => {
  for (const [m, k, n] of SHAPES) {
    for (const [tA, tB] of [
      [true, false],
      [false, true],
      [true, true],
    ] as const) {
      it(`[${m}, ${k}] x [${k}, ${n}], transposeA=${tA} transposeB=${tB}`, () => {
        const [d] = compareWasmToCpu(() => {
          const a = tf.tensor2d(seeded(m * k, 7), tA ? [k, m] : [m, k]);
          const b = tf.tensor2d(seeded(k * n, 8), tB ? [n, k] : [k, n]);
          return [tf.matMul(a, b, tA, tB)];
        });
        console.log(`matMul ${m}x${k}x${n} tA=${tA} tB=${tB}: max abs diff ${d!.maxAbsDiff.toExponential(2)}`);
        expect(d!.relDiff).toBeLessThan(1e-4);
      });
    }
  }

  it('keeps rank-3 batch-1 shapes and gradients of a dense layer', () => {
    const [d] = compareWasmToCpu(() => {
      const x = tf.tensor2d(seeded(5 * 33, 9), [5, 33]);
      const w = tf.tensor2d(seeded(33 * 17, 10), [33, 17]);
      const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
        tf
          .matMul(a as tf.Tensor2D, b as tf.Tensor2D)
          .square()
          .sum(),
      )([x, w]);
      const r3 = tf.matMul(tf.reshape(x, [1, 5, 33]), tf.reshape(x, [1, 5, 33]), false, true);
      expect(r3.shape).toEqual([1, 5, 5]);
      return [tf.concat([dx!.flatten(), dw!.flatten(), r3.flatten()])];
    });
    expect(d!.relDiff).toBeLessThan(1e-4);
  });
});
