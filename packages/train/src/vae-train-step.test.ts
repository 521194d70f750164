import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tf, initBackend } from '@genlab/backend';
import { buildNetworks, disposeNetworks, type Networks } from '@genlab/models';
import { TINY_VAE_MODEL } from '@genlab/spec/test-support/tiny-specs';
import { experimentSpec } from '../test-support/stage-fixture';
import { createOptimizer } from './create-optimizer';
import { vaeLoss, vaeTrainStep } from './vae-train-step';

const spec = experimentSpec(`name: tiny-vae\ndata: { scale: unit }\n${TINY_VAE_MODEL}`);
let nets: Networks;

const weightsOf = (m: tf.LayersModel) => m.getWeights().map((w) => w.dataSync().slice());
const differs = (a: ArrayLike<number>[], b: ArrayLike<number>[]) => a.some((x, i) => Array.from(x).some((v, j) => v !== b[i][j]));

beforeAll(async () => {
  await initBackend('auto');
  nets = buildNetworks(spec.model, 3);
});
afterAll(() => disposeNetworks(nets));

describe('vaeLoss', () => {
  it('is reconstruction + klWeight * KL, with the KL of N(mean, exp(logVar)) against N(0, 1)', () => {
    const v = { encoder: nets.encoder, decoder: nets.decoder };
    const x = tf.randomUniform([4, 28, 28, 1], 0, 1, 'float32', 1) as tf.Tensor4D;
    const eps = tf.randomNormal([4, 2], 0, 1, 'float32', 2) as tf.Tensor2D;
    const l = vaeLoss(v, x, eps, { reconstruction: 'bernoulli', klWeight: 0.5 });
    const [loss, rec, kl] = [l.loss, l.reconstruction, l.kl].map((t) => t.dataSync()[0]);
    expect(loss).toBeCloseTo(rec + 0.5 * kl, 3);
    const [mean, logVar] = (nets.encoder.predict(x) as tf.Tensor[]).map((t) => Array.from(t.dataSync()));
    const klByHand = mean.reduce((s, m, i) => s + 0.5 * (Math.exp(logVar[i]) + m * m - 1 - logVar[i]), 0) / 4;
    expect(kl).toBeCloseTo(klByHand, 4);
    // Bernoulli NLL of 784 pixels is large and positive; the squared error of [0, 1] pixels is at most 784.
    const g = vaeLoss(v, x, eps, { reconstruction: 'gaussian', klWeight: 0.5 });
    expect(rec).toBeGreaterThan(0);
    expect(g.reconstruction.dataSync()[0]).toBeLessThan(784);
    expect(g.kl.dataSync()[0]).toBeCloseTo(kl, 5);
    tf.dispose([x, eps, l.loss, l.reconstruction, l.kl, g.loss, g.reconstruction, g.kl]);
  });

  it('stays finite when the decoder saturates to exactly 0 or 1', () => {
    const v = { encoder: nets.encoder, decoder: nets.decoder };
    const x = tf.tidy(() => tf.cast(tf.greater(tf.randomUniform([2, 28, 28, 1], 0, 1, 'float32', 3), 0.5), 'float32')) as tf.Tensor4D;
    const eps = tf.mul(tf.ones([2, 2]), 1e4) as tf.Tensor2D; // pushes the decoder far into saturation
    const l = vaeLoss(v, x, eps, { reconstruction: 'bernoulli', klWeight: 1 });
    expect(Number.isFinite(l.loss.dataSync()[0])).toBe(true);
    tf.dispose([x, eps, l.loss, l.reconstruction, l.kl]);
  });
});

describe('vaeTrainStep', () => {
  it('updates encoder and decoder, lowers the loss on a fixed batch, leaks no tensors', () => {
    const v = { encoder: nets.encoder, decoder: nets.decoder };
    const opt = createOptimizer({ ...spec.train.optimizer, learningRate: 0.003 });
    const x = tf.randomUniform([8, 28, 28, 1], 0, 1, 'float32', 4) as tf.Tensor4D;
    const eps = tf.randomNormal([8, 2], 0, 1, 'float32', 5) as tf.Tensor2D;
    const first = vaeTrainStep(v, opt, x, eps, { reconstruction: 'bernoulli', klWeight: 1 });
    const tensors = tf.memory().numTensors;
    const [e0, d0] = [weightsOf(nets.encoder), weightsOf(nets.decoder)];
    let last = first;
    for (let i = 0; i < 15; i++) last = vaeTrainStep(v, opt, x, eps, { reconstruction: 'bernoulli', klWeight: 1 });
    expect(tf.memory().numTensors).toBe(tensors);
    expect(differs(e0, weightsOf(nets.encoder))).toBe(true);
    expect(differs(d0, weightsOf(nets.decoder))).toBe(true);
    expect(last.loss).toBeCloseTo(last.reconstruction + last.kl, 2);
    expect(last.loss).toBeLessThan(first.loss);
    tf.dispose([x, eps]);
    opt.dispose();
  });
});
