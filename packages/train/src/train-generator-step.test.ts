import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tf, initBackend } from '@genlab/backend';
import { buildNetworks, disposeNetworks, type Networks } from '@genlab/models';
import { TINY_GAN_MODEL } from '@genlab/spec/test-support/tiny-specs';
import { experimentSpec } from '../test-support/stage-fixture';
import { moved, snapshot } from '../test-support/weight-snapshot';
import { createOptimizer } from './create-optimizer';
import { generatorLoss, trainGeneratorStep } from './train-generator-step';

const spec = experimentSpec(`name: tiny-gan\n${TINY_GAN_MODEL}`);
let nets: Networks;

beforeAll(async () => {
  await initBackend('auto');
  nets = buildNetworks(spec.model, 2);
});
afterAll(() => disposeNetworks(nets));

describe('trainGeneratorStep', () => {
  it('moves the generator only (the discriminator stays frozen), leaks no tensors', () => {
    const g = { generator: nets.generator, discriminator: nets.discriminator };
    const opt = createOptimizer(spec.train.optimizer);
    const noise = tf.randomNormal([5, 8], 0, 1, 'float32', 7) as tf.Tensor2D;
    trainGeneratorStep(g, opt, noise);
    const tensors = tf.memory().numTensors;
    const d0 = snapshot(nets.discriminator);
    const g0 = snapshot(nets.generator);
    const loss = trainGeneratorStep(g, opt, noise);
    expect(Number.isFinite(loss)).toBe(true);
    expect(moved(g0, nets.generator)).toBe(true);
    expect(moved(d0, nets.discriminator)).toBe(false);
    expect(tf.memory().numTensors).toBe(tensors);
    noise.dispose();
    opt.dispose();
  });

  it('is the non-saturating loss -log sigmoid(D(G(z)))', () => {
    const noise = tf.randomNormal([4, 8], 0, 1, 'float32', 8) as tf.Tensor2D;
    const loss = generatorLoss(nets as never, noise).dataSync()[0];
    const logits = tf.tidy(() =>
      Array.from((nets.discriminator.predict(nets.generator.predict(noise) as tf.Tensor) as tf.Tensor).dataSync()),
    );
    const expected = logits.reduce((s, x) => s + Math.log1p(Math.exp(-x)), 0) / logits.length;
    expect(loss).toBeCloseTo(expected, 5);
    noise.dispose();
  });

  it('lowers its own loss over a few steps against a fixed discriminator', () => {
    const g = { generator: nets.generator, discriminator: nets.discriminator };
    const opt = tf.train.adam(0.01, 0.5);
    const noise = tf.randomNormal([8, 8], 0, 1, 'float32', 9) as tf.Tensor2D;
    const first = trainGeneratorStep(g, opt, noise);
    let last = first;
    for (let i = 0; i < 10; i++) last = trainGeneratorStep(g, opt, noise);
    expect(last).toBeLessThan(first);
    noise.dispose();
    opt.dispose();
  });
});
