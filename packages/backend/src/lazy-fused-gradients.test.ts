import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './init-backend';
import { tf } from './tf';
import { seeded } from '../test-support/compare-backends';

const t = (shape: number[], seed: number) =>
  tf.tensor(
    seeded(
      shape.reduce((a, b) => a * b, 1),
      seed,
    ),
    shape,
  );

/** Kernel names that ran in `f`, in order. */
async function kernelsOf(f: () => void): Promise<string[]> {
  const info = await tf.profile(f);
  return info.kernels.map((k) => k.name).filter((n) => !n.endsWith('__op'));
}

function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
}

describe('tfjs-layers conv2d and dense compute only the gradients asked for', () => {
  // A discriminator-like pair of layers: strided conv (bias, 'same' padding), flatten, dense.
  let conv: tf.layers.Layer;
  let dense: tf.layers.Layer;
  const apply = (x: tf.Tensor) => dense.apply(tf.layers.flatten().apply(conv.apply(x))) as tf.Tensor;

  beforeAll(async () => {
    await initBackend('cpu');
    conv = tf.layers.conv2d({
      filters: 4,
      kernelSize: 3,
      strides: 2,
      padding: 'same',
      kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
      biasInitializer: tf.initializers.randomNormal({ seed: 2 }),
    });
    dense = tf.layers.dense({
      units: 1,
      kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }),
      biasInitializer: tf.initializers.randomNormal({ seed: 4 }),
    });
    conv.build([2, 7, 5, 3]);
    dense.build([2, 4 * 3 * 4]);
  });

  it('the gradient with respect to the input alone runs no filter gradient (a GAN generator step through D)', async () => {
    const x = t([2, 7, 5, 3], 5);
    const names = await kernelsOf(() => {
      tf.grad((input: tf.Tensor) => apply(input).sum())(x);
    });
    expect(names).toContain('Conv2DBackpropInput');
    expect(names).not.toContain('Conv2DBackpropFilter');
    expect(names).not.toContain('FusedConv2D'); // the plain conv ran under the tape
  });

  it('the gradients of the weights run no input gradient (a discriminator step on data)', async () => {
    const x = t([2, 7, 5, 3], 6);
    const weights = [...conv.trainableWeights, ...dense.trainableWeights].map((w) => w.read() as tf.Variable);
    const names = await kernelsOf(() => {
      tf.variableGrads(() => apply(x).sum() as tf.Scalar, weights);
    });
    expect(names).toContain('Conv2DBackpropFilter');
    expect(names).not.toContain('Conv2DBackpropInput');
  });

  it('gives the same values and gradients as the ops written out by hand', () => {
    const x = t([2, 7, 5, 3], 7);
    const [k, b, dk, db] = [...conv.getWeights(), ...dense.getWeights()] as [tf.Tensor4D, tf.Tensor1D, tf.Tensor2D, tf.Tensor1D];
    const byHand = (input: tf.Tensor, kernel: tf.Tensor, bias: tf.Tensor) =>
      tf
        .conv2d(input as tf.Tensor4D, kernel as tf.Tensor4D, 2, 'same')
        .add(bias)
        .reshape([2, 48])
        .matMul(dk)
        .add(db)
        .square()
        .sum();
    const viaLayers = (input: tf.Tensor) => apply(input).square().sum();
    const gxLayers = tf.grad(viaLayers)(x);
    const [gx, gk, gb] = tf.grads(byHand)([x, k, b]);
    expect(maxAbsDiff(gxLayers, gx!)).toBeLessThan(1e-5);
    const weights = conv.trainableWeights.map((w) => w.read() as tf.Variable);
    const { grads } = tf.variableGrads(() => viaLayers(x) as tf.Scalar, weights);
    expect(maxAbsDiff(grads[weights[0]!.name]!, gk!)).toBeLessThan(1e-5);
    expect(maxAbsDiff(grads[weights[1]!.name]!, gb!)).toBeLessThan(1e-5);
  });

  it('outside a gradient tape (sampling, evaluation) the fused kernel still runs', async () => {
    const names = await kernelsOf(() => {
      apply(t([2, 7, 5, 3], 8));
    });
    expect(names).toContain('FusedConv2D');
    expect(names).toContain('_FusedMatMul');
    expect(names).not.toContain('Add');
  });
});
