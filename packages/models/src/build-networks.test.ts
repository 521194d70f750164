import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, tf } from '@genlab/backend';
import { countParams, type ModelSpec } from '@genlab/spec';
import { buildNetworks, disposeNetworks } from './build-networks';
import { countParameters } from './count-parameters';
import { flopsPerImage } from './flops-per-image';
import { networkNames, VAE_HEADS } from './network-plan';
import { presetSpec } from '../test-support/test-specs';

const gan = presetSpec('paper-gan').model;
const vae = presetSpec('paper-vae').model;

beforeAll(async () => {
  await initBackend('cpu');
});

describe('buildNetworks: paper presets', () => {
  it('GAN (3.2.1): noise [100] -> image [28, 28, 1] -> one logit', () => {
    const before = tf.memory().numTensors;
    const nets = buildNetworks(gan, 42);
    expect(Object.keys(nets)).toEqual(networkNames('gan'));
    tf.tidy(() => {
      const images = nets.generator.predict(tf.randomNormal([2, 100])) as tf.Tensor;
      expect(images.shape).toEqual([2, 28, 28, 1]);
      const [lo, hi] = [images.min().dataSync()[0], images.max().dataSync()[0]];
      expect(lo).toBeGreaterThanOrEqual(-1); // tanh output
      expect(hi).toBeLessThanOrEqual(1);
      const logits = nets.discriminator.predict(images) as tf.Tensor;
      expect(logits.shape).toEqual([2, 1]);
    });
    // No sigmoid at the end of the discriminator: the last layer is a linear dense.
    const last = nets.discriminator.layers[nets.discriminator.layers.length - 1];
    expect(last.getConfig().activation).toBe('linear');
    disposeNetworks(nets);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('VAE (3.3): image -> [z_mean, z_log_var] of size 10; latent [10] -> image', () => {
    const before = tf.memory().numTensors;
    const nets = buildNetworks(vae, 42);
    expect(Object.keys(nets)).toEqual(networkNames('vae'));
    expect(nets.encoder.outputNames).toEqual([VAE_HEADS.mean, VAE_HEADS.logVar]);
    tf.tidy(() => {
      const [mean, logVar] = nets.encoder.predict(tf.zeros([3, 28, 28, 1])) as tf.Tensor[];
      expect(mean.shape).toEqual([3, 10]);
      expect(logVar.shape).toEqual([3, 10]);
      const images = nets.decoder.predict(tf.randomNormal([3, 10])) as tf.Tensor;
      expect(images.shape).toEqual([3, 28, 28, 1]);
    });
    disposeNetworks(nets);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('countParameters', () => {
  it('matches hand-computed counts of the paper networks and countParams of @genlab/spec', () => {
    const g = buildNetworks(gan, 1);
    const generator = 100 * 6272 + 6272 + 5 * 5 * 128 * 64 + 64 + 5 * 5 * 64 * 1 + 1;
    const discriminator = 5 * 5 * 1 * 64 + 64 + 5 * 5 * 64 * 128 + 128 + 5 * 5 * 128 * 256 + 256 + 5 * 5 * 256 * 512 + 512 + 2048 + 1;
    expect(countParameters(g)).toEqual({ generator, discriminator, total: generator + discriminator });
    expect(generator).toBe(countParams(gan.generator!, [100]));
    expect(discriminator).toBe(countParams(gan.discriminator!, [28, 28, 1]));
    disposeNetworks(g);

    const v = buildNetworks(vae, 1);
    const heads = 2 * (256 * 10 + 10);
    const encoder = 3 * 3 * 32 + 32 + 3 * 3 * 32 * 64 + 64 + 3136 * 512 + 512 + 512 * 256 + 256 + heads;
    const decoder = 10 * 256 + 256 + 256 * 512 + 512 + 512 * 3136 + 3136 + 3 * 3 * 64 * 64 + 64 + 3 * 3 * 64 + 1;
    expect(countParameters(v)).toEqual({ encoder, decoder, total: encoder + decoder });
    expect(encoder).toBe(countParams(vae.encoder!, [28, 28, 1]) + heads);
    disposeNetworks(v);
  });

  it('counts batch-norm gamma and beta, not its moving statistics', () => {
    const model: ModelSpec = {
      kind: 'gan',
      latentDim: 4,
      generator: [{ type: 'dense', units: 784 }, { type: 'batchNorm' }, { type: 'reshape', targetShape: [28, 28, 1] }],
      discriminator: [{ type: 'flatten' }, { type: 'dropout', rate: 0.3 }, { type: 'dense', units: 1 }],
    } as ModelSpec;
    const nets = buildNetworks(model, 3);
    expect(countParameters(nets)).toEqual({ generator: 4 * 784 + 784 + 2 * 784, discriminator: 785, total: 4 * 784 + 784 + 2 * 784 + 785 });
    disposeNetworks(nets);
  });
});

describe('flopsPerImage', () => {
  it('counts 2 FLOPs per multiply-add from the layer shapes', () => {
    const f = flopsPerImage(gan);
    // dense 100 -> 6272; transposed conv: each of 7*7*128 inputs through 5*5*64, then 14*14*64 through 5*5*1.
    expect(f.generator).toBe(2 * (100 * 6272 + 7 * 7 * 128 * 25 * 64 + 14 * 14 * 64 * 25 * 1));
    // conv: each output value sums 5*5*inC products.
    expect(f.discriminator).toBe(
      2 * (14 * 14 * 64 * 25 * 1 + 7 * 7 * 128 * 25 * 64 + 4 * 4 * 256 * 25 * 128 + 2 * 2 * 512 * 25 * 256 + 2048),
    );
    const v = flopsPerImage(vae);
    expect(v.encoder).toBe(2 * (14 * 14 * 32 * 9 + 7 * 7 * 64 * 9 * 32 + 3136 * 512 + 512 * 256 + 2 * 256 * 10));
    expect(Object.keys(v)).toEqual(['encoder', 'decoder']);
  });
});

describe('seeded initialisation', () => {
  const weightsOf = (seed: number) => {
    const nets = buildNetworks(vae, seed);
    const values = nets.decoder.getWeights().map((w) => Array.from(w.dataSync().slice(0, 64)));
    const headMean = nets.encoder.getLayer(VAE_HEADS.mean).getWeights()[0].dataSync().slice(0, 16);
    const headLogVar = nets.encoder.getLayer(VAE_HEADS.logVar).getWeights()[0].dataSync().slice(0, 16);
    disposeNetworks(nets);
    return { values, headMean: Array.from(headMean), headLogVar: Array.from(headLogVar) };
  };

  it('gives identical weights for the same seed and different ones for another seed', () => {
    const a = weightsOf(42);
    expect(weightsOf(42)).toEqual(a);
    const b = weightsOf(43);
    expect(b.values[0]).not.toEqual(a.values[0]);
    expect(a.headMean).not.toEqual(a.headLogVar); // the two heads do not share a stream
    expect(a.values[1].every((x) => x === 0)).toBe(true); // biases start at zero
  });
});

describe('spec checks', () => {
  it('refuses a discriminator that does not end in one value', () => {
    const bad = { ...gan, discriminator: gan.discriminator!.slice(0, -1) } as ModelSpec;
    expect(() => buildNetworks(bad, 1)).toThrow(
      /model\.discriminator\.5: expected the network to end in shape \[1\], found shape \[2048\]/,
    );
  });
});
