import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tf, initBackend } from '@genlab/backend';
import { buildNetworks, disposeNetworks, type Networks } from '@genlab/models';
import { TINY_GAN_MODEL } from '@genlab/spec/test-support/tiny-specs';
import { experimentSpec } from '../test-support/stage-fixture';
import { moved, snapshot } from '../test-support/weight-snapshot';
import { createOptimizer } from './create-optimizer';
import { discriminatorLoss, trainDiscriminatorStep } from './train-discriminator-step';

const spec = experimentSpec(`name: tiny-gan\n${TINY_GAN_MODEL}`);
let nets: Networks;

beforeAll(async () => {
  await initBackend('auto');
  nets = buildNetworks(spec.model, 1);
});
afterAll(() => disposeNetworks(nets));

describe('trainDiscriminatorStep', () => {
  it('moves the discriminator only, returns a finite loss, leaks no tensors', () => {
    const g = { generator: nets.generator, discriminator: nets.discriminator };
    const opt = createOptimizer(spec.train.optimizer);
    const real = tf.randomUniform([6, 28, 28, 1], -1, 1, 'float32', 3) as tf.Tensor4D;
    const noise = tf.randomNormal([6, 8], 0, 1, 'float32', 4) as tf.Tensor2D;
    trainDiscriminatorStep(g, opt, real, noise, { labelSmoothing: 0 }); // creates Adam's moments
    const tensors = tf.memory().numTensors;
    const d0 = snapshot(nets.discriminator);
    const g0 = snapshot(nets.generator);
    const loss = trainDiscriminatorStep(g, opt, real, noise, { labelSmoothing: 0.1 });
    expect(Number.isFinite(loss)).toBe(true);
    expect(loss).toBeGreaterThan(0);
    expect(moved(d0, nets.discriminator)).toBe(true);
    expect(moved(g0, nets.generator)).toBe(false);
    expect(tf.memory().numTensors).toBe(tensors);
    tf.dispose([real, noise]);
    opt.dispose();
  });

  it('is the mean BCE over fake (label 0) and real (label 1 - smoothing) logits', () => {
    const real = tf.randomUniform([3, 28, 28, 1], -1, 1, 'float32', 5) as tf.Tensor4D;
    const noise = tf.randomNormal([2, 8], 0, 1, 'float32', 6) as tf.Tensor2D;
    const s = 0.2;
    const loss = discriminatorLoss(nets as never, real, noise, s).dataSync()[0];
    const fake = nets.generator.predict(noise) as tf.Tensor;
    const logits = Array.from((nets.discriminator.predict(tf.concat([fake, real])) as tf.Tensor).dataSync());
    const labels = [0, 0, 1 - s, 1 - s, 1 - s];
    const bce = (x: number, z: number) => Math.max(x, 0) - x * z + Math.log1p(Math.exp(-Math.abs(x)));
    const expected = logits.reduce((sum, x, i) => sum + bce(x, labels[i]), 0) / logits.length;
    expect(loss).toBeCloseTo(expected, 5);
    tf.dispose([real, noise, fake]);
  });
});
