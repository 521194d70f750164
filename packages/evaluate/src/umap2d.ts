import { UMAP } from 'umap-js';
import { createRng } from '@genlab/data';

// Paper figure 2, the non-linear map: UMAP (McInnes et al. 2018) of the VAE latent means.
// umap-js draws every random number through `random`, so a seeded generator makes the map a
// function of (points, seed), as a cached stage must be.

export interface Umap2dOptions {
  nNeighbors?: number;
  minDist?: number;
  /** After each optimisation epoch (the slow part): epochs done and in all. */
  onEpoch?: (done: number, total: number) => void;
}

/** 2-D UMAP embedding of `n` rows of `d` values, [n, 2] row-major; deterministic for a seed. */
export function umap2d(points: Float32Array, n: number, d: number, seed: number, opts: Umap2dOptions = {}): Float32Array {
  if (n < 3) throw new RangeError(`umap2d: needs at least 3 points, found ${n}`);
  if (points.length < n * d) throw new RangeError(`umap2d: expected ${n * d} values (${n} x ${d}), found ${points.length}`);
  const rng = createRng(seed);
  const umap = new UMAP({
    nComponents: 2,
    nNeighbors: Math.min(opts.nNeighbors ?? 15, n - 1),
    minDist: opts.minDist ?? 0.1,
    random: () => rng.next(),
  });
  const rows = Array.from({ length: n }, (_, r) => Array.from(points.subarray(r * d, r * d + d)));
  // fit() is initializeFit and then every step(); stepping ourselves lets progress be seen.
  const epochs = umap.initializeFit(rows);
  for (let e = 1; e <= epochs; e++) {
    umap.step();
    opts.onEpoch?.(e, epochs);
  }
  const embedding = umap.getEmbedding(); // [n][2]
  const out = new Float32Array(n * 2);
  embedding.forEach(([x, y], r) => {
    out[r * 2] = x;
    out[r * 2 + 1] = y;
  });
  return out;
}
