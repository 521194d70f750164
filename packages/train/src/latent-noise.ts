import { tf } from '@genlab/backend';
import type { Rng } from '@genlab/data';

/**
 * `count` latent vectors of N(0, 1) values from the seeded Rng, [count * dim] row-major. Drawn
 * in JS rather than with tf.randomNormal so the stream is reproducible on every backend and
 * its state fits in a checkpoint.
 */
export function normalNoise(rng: Rng, count: number, dim: number): Float32Array {
  const out = new Float32Array(count * dim);
  for (let i = 0; i < out.length; i++) out[i] = rng.normal();
  return out;
}

/** The same as a tensor [count, dim]; the caller disposes it. */
export function latentTensor(rng: Rng, count: number, dim: number): tf.Tensor2D {
  return tf.tensor2d(normalNoise(rng, count, dim), [count, dim]);
}
