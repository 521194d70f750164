import { beforeAll, describe, expect, it } from 'vitest';
import { loadAddon } from '@genlab/backend-native';
import { initBackend } from '../../init-backend';
import { tf } from '../../tf';
import { compareWasmToCpu, seeded } from '../../../test-support/compare-backends';

const addon = loadAddon();
const t = (shape: number[], seed: number) =>
  tf.tensor(
    seeded(
      shape.reduce((a, b) => a * b, 1),
      seed,
    ),
    shape,
  );

describe.skipIf(!addon.ok)(
  `native BatchMatMul / _FusedMatMul (oneDNN sgemm) match the cpu backend${addon.ok ? '' : ` - SKIPPED: ${addon.reason}`}`,
  () => {
    beforeAll(async () => {
      const info = await initBackend('native');
      expect(info.kernels).toEqual(expect.arrayContaining(['BatchMatMul', '_FusedMatMul']));
    });

    const cases: { name: string; a: number[]; b: number[]; tA: boolean; tB: boolean }[] = [
      { name: '[5, 7] . [7, 3]', a: [5, 7], b: [7, 3], tA: false, tB: false },
      { name: '[7, 5]^T . [7, 3] (dense weight gradient)', a: [7, 5], b: [7, 3], tA: true, tB: false },
      { name: '[5, 7] . [3, 7]^T (dense input gradient)', a: [5, 7], b: [3, 7], tA: false, tB: true },
      { name: '[7, 5]^T . [3, 7]^T', a: [7, 5], b: [3, 7], tA: true, tB: true },
      { name: 'batch 3: [3, 4, 6] . [3, 6, 2]', a: [3, 4, 6], b: [3, 6, 2], tA: false, tB: false },
      { name: 'batch 1, m 1: [1, 1, 9] . [1, 2, 9]^T', a: [1, 1, 9], b: [1, 2, 9], tA: false, tB: true },
    ];
    for (const c of cases) {
      it(`matMul ${c.name}, and its gradients`, () => {
        const diffs = compareWasmToCpu(() => {
          const [a, b] = [t(c.a, 1), t(c.b, 2)];
          const f = (x: tf.Tensor, y: tf.Tensor) => tf.matMul(x, y, c.tA, c.tB);
          const y = f(a, b);
          const r = t(y.shape, 3);
          return [y, ...tf.grads((x: tf.Tensor, w: tf.Tensor) => f(x, w).mul(r).sum())([a, b])];
        });
        for (const d of diffs) expect(d.relDiff).toBeLessThan(1e-5);
      });
    }

    it('matMul with a broadcast batch: [2, 3, 6, 4]^T . [6, 5] (forward only: tfjs has no gradient for it)', () => {
      const [d] = compareWasmToCpu(() => [tf.matMul(t([2, 3, 6, 4], 1), t([6, 5], 2), true, false)]);
      expect(d!.relDiff).toBeLessThan(1e-5);
    });

    for (const activation of ['linear', 'relu', 'leakyrelu', 'elu', 'sigmoid', 'relu6'] as const) {
      it(`fused matMul with bias and ${activation}, and its gradients (bias gradient through Sum)`, () => {
        const diffs = compareWasmToCpu(() => {
          const [a, b, bias] = [t([6, 5], 4).mul(3), t([5, 4], 5), t([4], 6)];
          const f = (x: tf.Tensor, w: tf.Tensor, c: tf.Tensor) =>
            tf.fused.matMul({ a: x as tf.Tensor2D, b: w as tf.Tensor2D, bias: c, activation, leakyreluAlpha: 0.3 });
          const y = f(a, b, bias);
          return [
            y,
            ...tf.grads((x: tf.Tensor, w: tf.Tensor, c: tf.Tensor) =>
              f(x, w, c)
                .mul(t([6, 4], 7))
                .sum(),
            )([a, b, bias]),
          ];
        });
        for (const d of diffs) expect(d.relDiff).toBeLessThan(1e-5);
      });
    }
  },
);
