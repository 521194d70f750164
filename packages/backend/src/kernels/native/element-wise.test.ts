import { beforeAll, describe, expect, it } from 'vitest';
import { loadAddon } from '@genlab/backend-native';
import { createAdam } from '../../create-adam';
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
  `native bias add, Sub, Square, Sum, LeakyRelu and Adam match the cpu backend${addon.ok ? '' : ` - SKIPPED: ${addon.reason}`}`,
  () => {
    beforeAll(async () => {
      const info = await initBackend('native');
      expect(info.kernels).toEqual(
        expect.arrayContaining(['Add', 'Sub', 'Square', 'Sum', 'LeakyRelu', 'GenlabLeakyReluGrad', 'GenlabAdam']),
      );
    });

    it('bias add on either side ([2, 5, 3, 4] + [1, 1, 1, 4], [4] + [6, 4]) and its gradient (Sum over all but the last axis)', () => {
      const diffs = compareWasmToCpu(() => {
        const [x, bias, x2, bias2] = [t([2, 5, 3, 4], 1), t([4], 2), t([6, 4], 3), t([4], 4)];
        const r = t([2, 5, 3, 4], 5);
        const [dx, db] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
          a
            .add(b.reshape([1, 1, 1, 4]))
            .mul(r)
            .sum(),
        )([x, bias]);
        return [x.add(bias.reshape([1, 1, 1, 4])), bias2.add(x2), dx!, db!];
      });
      for (const d of diffs) expect(d.relDiff).toBeLessThan(1e-5);
    });

    it('Sum: over all but the last axis with keepDims, many rows; other reductions fall back to wasm', () => {
      const diffs = compareWasmToCpu(() => {
        const x = t([300, 7, 3], 6);
        return [x.sum([0, 1], true), x.sum([1, 0]), x.sum(-1), x.sum(), t([1000, 1], 7).sum(0), x.toInt().sum([0, 1])];
      });
      for (const d of diffs) expect(d.relDiff).toBeLessThan(1e-5);
    });

    it('element-wise ops other than bias add still go to the stock kernel (broadcast on a middle axis, scalars, int32)', () => {
      const diffs = compareWasmToCpu(() => [
        t([3, 4, 5], 1).add(t([4, 1], 2)),
        t([3, 4], 3).add(tf.scalar(2)),
        tf.tensor1d([1, 2], 'int32').add(tf.tensor1d([3, 4], 'int32')),
      ]);
      for (const d of diffs) expect(d.maxAbsDiff).toBe(0);
    });

    it('Sub of a vector along the last axis and Square (tf.moments in batch norm), exactly as tfjs; other Subs and int32 fall back', () => {
      const diffs = compareWasmToCpu(() => {
        const big = t([70, 7, 7, 20], 20); // past the one-thread cutoff
        return [
          t([2, 5, 3, 4], 21).sub(t([1, 1, 1, 4], 22)),
          t([6, 4], 23).sub(t([4], 24)),
          big.sub(t([20], 25)),
          t([4], 26).sub(t([6, 4], 27)),
          t([3, 4, 5], 28).sub(t([4, 1], 29)),
          t([3, 4], 30).sub(tf.scalar(2)),
          tf.tensor1d([1, 2], 'int32').sub(tf.tensor1d([3, 5], 'int32')),
          t([3, 5, 7], 31).square(),
          big.square(),
          tf.tensor1d([3, -4], 'int32').square(),
        ];
      });
      for (const d of diffs) expect(d.maxAbsDiff).toBe(0);
    });

    it('LeakyRelu forward and gradient (including x = 0, which takes alpha as in tfjs)', () => {
      const diffs = compareWasmToCpu(() => {
        const x = tf.concat([t([2, 3, 5, 7], 8).reshape([-1]), tf.zeros([3])]);
        const r = t(x.shape, 9);
        const [dx] = tf.grads((a: tf.Tensor) => tf.leakyRelu(a, 0.2).mul(r).sum())([x]);
        return [tf.leakyRelu(x, 0.2), dx!, tf.layers.leakyReLU({ alpha: 0.3 }).apply(x) as tf.Tensor];
      });
      for (const d of diffs) expect(d.maxAbsDiff).toBeLessThan(1e-6);
    });

    it('LeakyRelu, its gradient and Adam past the one-thread cutoff (70,001 elements: threaded loop, vector tail)', () => {
      const diffs = compareWasmToCpu(() => {
        const x = t([70001], 12);
        const r = t([70001], 13);
        const [dx] = tf.grads((a: tf.Tensor) => tf.leakyRelu(a, 0.3).mul(r).sum())([x]);
        return [tf.leakyRelu(x, 0.2), dx!];
      });
      for (const d of diffs) expect(d.maxAbsDiff).toBeLessThan(1e-6);
      const adam = compareWasmToCpu(() => {
        const v = tf.variable(t([70001], 14), true, `adam-big-${tf.getBackend()}`);
        const opt = tf.getBackend() === 'cpu' ? tf.train.adam(0.01, 0.5, 0.999, 1e-7) : createAdam(0.01, 0.5, 0.999, 1e-7);
        for (let i = 0; i < 3; i++)
          opt.minimize(
            () =>
              v
                .square()
                .mul(t([70001], 15 + i))
                .sum() as tf.Scalar,
            false,
            [v],
          );
        const out = v.clone();
        opt.dispose();
        v.dispose();
        return [out];
      });
      expect(adam[0]!.relDiff).toBeLessThan(1e-6);
    });

    it('fused Adam: 5 steps give the same variables and moments as tfjs Adam on the cpu backend', () => {
      const run = (): tf.Tensor[] => {
        const v = tf.variable(t([4, 3], 10), true, `adam-test-${tf.getBackend()}`);
        const opt = tf.getBackend() === 'cpu' ? tf.train.adam(0.01, 0.5, 0.999, 1e-7) : createAdam(0.01, 0.5, 0.999, 1e-7);
        for (let i = 0; i < 5; i++)
          opt.minimize(
            () =>
              v
                .square()
                .mul(t([4, 3], 11 + i))
                .sum() as tf.Scalar,
            false,
            [v],
          );
        const moments = opt as unknown as Record<'accumulatedFirstMoment' | 'accumulatedSecondMoment', { variable: tf.Variable }[]>;
        const out = [v.clone(), moments.accumulatedFirstMoment[0]!.variable.clone(), moments.accumulatedSecondMoment[0]!.variable.clone()];
        opt.dispose();
        v.dispose();
        return out;
      };
      const diffs = compareWasmToCpu(run);
      for (const d of diffs) expect(d.relDiff).toBeLessThan(1e-6);
    });
  },
);
