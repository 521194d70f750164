import { featureStats } from './feature-stats';
import { symmetricEigen } from './symmetric-eigen';

// Paper figure 2: the VAE latent space coloured by class. PCA is the deterministic projection
// (always computed); UMAP is the optional non-linear one (umap2d).

/**
 * Projects `n` rows of `d` values onto their first two principal components, [n, 2] row-major.
 * Each axis's sign is fixed so its largest-magnitude loading is positive (eigenvector signs are
 * arbitrary; this keeps the maps of successive epochs comparable). d = 1 gives y = 0.
 */
export function pca2d(points: Float32Array, n: number, d: number): Float32Array {
  const { mean, cov } = featureStats(points, n, d);
  const { vectors } = symmetricEigen(cov, d);
  // Eigenvalues ascend, so the two largest are the last rows.
  const axes = [d - 1, d - 2].map((row) => (row >= 0 ? orient(vectors.subarray(row * d, row * d + d)) : new Float64Array(d)));
  const out = new Float32Array(n * 2);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < 2; c++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += (points[r * d + j] - mean[j]) * axes[c][j];
      out[r * 2 + c] = s;
    }
  }
  return out;
}

function orient(v: Float64Array): Float64Array {
  let big = 0;
  for (let j = 1; j < v.length; j++) if (Math.abs(v[j]) > Math.abs(v[big])) big = j;
  return v[big] < 0 ? v.map((x) => -x) : Float64Array.from(v);
}
