import type { Rng } from '@genlab/data';

/** `count` N(0, 1) latent vectors from the seeded Rng, row-major [count * dim]. */
export function normalLatents(rng: Rng, count: number, dim: number): Float32Array {
  const out = new Float32Array(count * dim);
  for (let i = 0; i < out.length; i++) out[i] = rng.normal();
  return out;
}
