// Batch normalisation on the native backend against the pure-JS cpu backend: tfjs-layers'
// batchNormalization in training (tf.moments -> Mean, Sub, Square, Mean; FusedBatchNorm; and
// their gradients: GenlabFusedBatchNormGrad, GenlabMeanGrad) and in inference (FusedBatchNorm on
// the moving statistics), on odd shapes; the reductions and statistics the addon does not take
// fall back to wasm.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadAddon } from '@genlab/backend-native';
import { initBackend } from '../../init-backend';
import { tf } from '../../tf';
import { compareWasmToCpu, seeded } from '../../../test-support/compare-backends';

const addon = loadAddon();
const t = (shape: number[], seed: number, lo = -1, hi = 1) =>
  tf.tensor(
    seeded(
      shape.reduce((a, b) => a * b, 1),
      seed,
    ).map((v) => lo + ((v + 1) / 2) * (hi - lo)),
    shape,
  );

/**
 * A batchNormalization layer on x [..., c] (channels last unless `axis`) with seeded gamma, beta
 * and moving statistics; returns y, the gradients of sum(y * r) w.r.t. x, gamma and beta, and the
 * moving mean and variance after the call.
 */
function batchNormLayer(shape: number[], training: boolean, seed: number, axis = -1, withGrads = true): tf.Tensor[] {
  const c = shape[axis < 0 ? shape.length + axis : axis]!;
  const layer = tf.layers.batchNormalization({ axis, momentum: 0.9, epsilon: 1e-3 });
  layer.build(shape);
  layer.setWeights([t([c], seed, 0.5, 1.5), t([c], seed + 1), t([c], seed + 2), t([c], seed + 3, 0.5, 2)]);
  // Inputs with a channel offset and scale, as after a dense or conv layer: mean far from 0.
  const x = tf.variable(
    t(shape, seed + 4)
      .mul(3)
      .add(0.7),
    true,
    `bn-x-${seed}-${tf.getBackend()}`,
  );
  const r = t(shape, seed + 5);
  let y: tf.Tensor | undefined;
  const loss = () => {
    y = tf.keep(layer.apply(x, { training }) as tf.Tensor);
    return y.mul(r).sum() as tf.Scalar;
  };
  const out: tf.Tensor[] = [];
  if (withGrads) {
    const { value, grads } = tf.variableGrads(loss, [x, ...layer.trainableWeights.map((w) => w.read() as tf.Variable)]);
    value.dispose();
    out.push(...[x, ...layer.trainableWeights.map((w) => w.read() as tf.Variable)].map((v) => grads[v.name]!));
  } else {
    loss().dispose();
  }
  out.push(y!, ...layer.nonTrainableWeights.map((w) => w.read().clone()));
  x.dispose();
  layer.weights.forEach((w) => w.dispose());
  return out;
}

describe.skipIf(!addon.ok)(`native batch normalisation matches the cpu backend${addon.ok ? '' : ` - SKIPPED: ${addon.reason}`}`, () => {
  beforeAll(async () => {
    const info = await initBackend('native');
    expect(info.kernels).toEqual(expect.arrayContaining(['Mean', 'GenlabMeanGrad', 'FusedBatchNorm', 'GenlabFusedBatchNormGrad']));
  });

  const shapes: [string, number[]][] = [
    ['batch 1, 1 channel, non-square', [1, 3, 5, 1]],
    ['17 channels (not a multiple of 16)', [3, 5, 2, 17]],
    ['rank 2 [batch, features], as after a dense layer', [6, 33]],
    ['past the one-thread cutoff (68,600 elements, threaded partial sums)', [70, 7, 7, 20]],
  ];

  for (const [what, shape] of shapes) {
    it(`training: y, dx, dgamma, dbeta and the moving statistics, ${what} ${JSON.stringify(shape)}`, () => {
      const diffs = compareWasmToCpu(() => batchNormLayer(shape, true, 10));
      for (const d of diffs) expect(d.relDiff).toBeLessThan(2e-5);
    });

    it(`inference (moving statistics): y, dx, dgamma, dbeta, ${what} ${JSON.stringify(shape)}`, () => {
      const diffs = compareWasmToCpu(() => batchNormLayer(shape, false, 20));
      for (const d of diffs) expect(d.relDiff).toBeLessThan(2e-5);
    });
  }

  // Forward only: tfjs's own FusedBatchNorm gradient does not reduce statistics of rank > 1, so
  // gradients through this layout fail on every backend.
  it('statistics broadcast on another axis (axis 1 of [2, 3, 4, 5]) fall back to the stock kernels', () => {
    const diffs = [
      ...compareWasmToCpu(() => batchNormLayer([2, 3, 4, 5], true, 30, 1, false)),
      ...compareWasmToCpu(() => batchNormLayer([2, 3, 4, 5], false, 40, 1, false)),
    ];
    for (const d of diffs) expect(d.relDiff).toBeLessThan(2e-5);
  });

  // Without scale only forward: tfjs cannot record FusedBatchNorm for a gradient when scale is absent.
  it('tf.batchNorm: gradients w.r.t. x, mean, variance, offset and scale; forward without offset and scale', () => {
    const diffs = compareWasmToCpu(() => {
      const [x, mean, variance, offset, scale, r] = [
        t([4, 3, 2, 5], 50),
        t([5], 51),
        t([5], 52, 0.2, 1),
        t([5], 53),
        t([5], 54),
        t([4, 3, 2, 5], 55),
      ];
      const bn = (a: tf.Tensor, m: tf.Tensor, v: tf.Tensor, o: tf.Tensor, s: tf.Tensor) => tf.batchNorm(a, m, v, o, s, 1e-3).mul(r).sum();
      return [tf.batchNorm(x, mean, variance, undefined, undefined, 1e-3), ...tf.grads(bn)([x, mean, variance, offset, scale])];
    });
    for (const d of diffs) expect(d.relDiff).toBeLessThan(2e-5);
  });

  it('Mean over all but the last axis (keepDims or not) and its gradient; other reductions fall back', () => {
    const diffs = compareWasmToCpu(() => {
      const x = t([300, 7, 3], 60);
      // Weights of the size of the reduction keep the gradient's entries near 1, where relDiff sees them.
      const [dx] = tf.grads((a: tf.Tensor) =>
        a
          .mean([1, 0])
          .mul(t([3], 61).mul(2100))
          .sum(),
      )([x]);
      const [dxOther] = tf.grads((a: tf.Tensor) =>
        a
          .mean([1, 2])
          .mul(t([300], 62))
          .sum(),
      )([x]);
      return [x.mean([0, 1], true), x.mean([1, 0]), dx!, x.mean(-1), x.mean(), dxOther!, t([9, 1], 63).mean(0), x.toInt().mean([0, 1])];
    });
    for (const d of diffs) expect(d.relDiff).toBeLessThan(1e-5);
  });

  it('leaves no tensors behind: the gradient outputs nobody asked for are freed with the backward pass', () => {
    void tf.setBackend('wasm');
    const run = (seed: number) => tf.dispose(tf.tidy(() => batchNormLayer([4, 3, 3, 6], true, seed)));
    run(70); // the first call builds what stays (kernel setup, cached scalars)
    const before = tf.memory().numTensors;
    run(71);
    expect(tf.memory().numTensors).toBe(before);
  });
});
