import { tf } from '@genlab/backend';
import type { Rng } from '@genlab/data';
import type { Networks } from '@genlab/models';
import type { ExperimentSpec } from '@genlab/spec';
import { createOptimizer } from './create-optimizer';
import { latentTensor } from './latent-noise';
import { trainDiscriminatorStep } from './train-discriminator-step';
import { trainGeneratorStep } from './train-generator-step';
import { vaeTrainStep } from './vae-train-step';

/** What the epoch loop needs from a model kind: its optimisers, one step, and its image maker. */
export interface KindTrainer {
  /** Keys of what step() returns, in the order losses.jsonl lists them. */
  lossNames: string[];
  optimizers: Record<string, tf.Optimizer>;
  /** The network from latent vectors to images: generator (GAN) or decoder (VAE). */
  sampler: tf.LayersModel;
  latentDim: number;
  /** One training step on a batch [batch, 28, 28, 1]; all noise comes from `rng`. */
  step(batch: tf.Tensor4D, rng: Rng): Record<string, number>;
  dispose(): void;
}

/** The trainer of paper 3.4 for the spec's model kind, over already-built networks. */
export function createKindTrainer(spec: ExperimentSpec, nets: Networks): KindTrainer {
  const need = spec.model.kind === 'gan' ? ['generator', 'discriminator'] : ['encoder', 'decoder'];
  const missing = need.filter((n) => !nets[n]);
  tf.util.assert(missing.length === 0, () => `a ${spec.model.kind} needs ${need.join(' and ')}; missing ${missing.join(', ')}`);
  return spec.model.kind === 'gan' ? ganTrainer(spec, nets) : vaeTrainer(spec, nets);
}

/** withNoise draws [n, dim] noise, runs f, and frees the noise even if f throws. */
function withNoise<T>(rng: Rng, n: number, dim: number, f: (z: tf.Tensor2D) => T): T {
  const z = latentTensor(rng, n, dim);
  try {
    return f(z);
  } finally {
    z.dispose();
  }
}

// Paper 3.7.1: alternate one discriminator step and one generator step, each on fresh noise.
function ganTrainer(spec: ExperimentSpec, nets: Networks): KindTrainer {
  const g = { generator: nets.generator, discriminator: nets.discriminator };
  const optimizers = { discriminator: createOptimizer(spec.train.optimizer), generator: createOptimizer(spec.train.optimizer) };
  const dim = spec.model.latentDim;
  const labelSmoothing = spec.train.loss.labelSmoothing;
  return {
    lossNames: ['dLoss', 'gLoss'],
    optimizers,
    sampler: g.generator,
    latentDim: dim,
    step(batch, rng) {
      const n = batch.shape[0];
      const dLoss = withNoise(rng, n, dim, (z) => trainDiscriminatorStep(g, optimizers.discriminator, batch, z, { labelSmoothing }));
      const gLoss = withNoise(rng, n, dim, (z) => trainGeneratorStep(g, optimizers.generator, z));
      return { dLoss, gLoss };
    },
    dispose: () => Object.values(optimizers).forEach((o) => o.dispose()),
  };
}

// Paper 3.7.2: encoder and decoder are updated together on reconstruction + KL.
function vaeTrainer(spec: ExperimentSpec, nets: Networks): KindTrainer {
  const v = { encoder: nets.encoder, decoder: nets.decoder };
  const optimizers = { vae: createOptimizer(spec.train.optimizer) };
  const dim = spec.model.latentDim;
  const lossOpts = { reconstruction: spec.train.loss.reconstruction, klWeight: spec.train.loss.klWeight };
  return {
    lossNames: ['loss', 'reconstruction', 'kl'],
    optimizers,
    sampler: v.decoder,
    latentDim: dim,
    step(batch, rng) {
      return { ...withNoise(rng, batch.shape[0], dim, (eps) => vaeTrainStep(v, optimizers.vae, batch, eps, lossOpts)) };
    },
    dispose: () => optimizers.vae.dispose(),
  };
}
