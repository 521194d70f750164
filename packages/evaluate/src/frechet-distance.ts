import type { FeatureStats } from './feature-stats';
import { symmetricEigen } from './symmetric-eigen';

// Frechet distance between two Gaussians fitted to feature sets (paper 3.5 and 3.8: FID, here
// on the evaluator classifier's features, TF-GAN's mnist_frechet_distance practice):
//   ||mu1 - mu2||^2 + Tr(C1 + C2 - 2 (C1^1/2 C2 C1^1/2)^1/2)
// C1^1/2 C2 C1^1/2 is symmetric PSD and has the eigenvalues of C1 C2, so both square roots come
// from symmetric eigendecompositions: no complex sqrtm, and no inverse, so a singular covariance
// (fewer samples than dimensions) gives a finite value.

/** Classifier-FID between two feature distributions; >= 0, symmetric up to rounding. */
export function frechetDistance(a: FeatureStats, b: FeatureStats): number {
  const d = a.mean.length;
  if (b.mean.length !== d || a.cov.length !== d * d || b.cov.length !== d * d) {
    throw new RangeError(
      `frechetDistance: feature sizes differ (${a.mean.length} with cov ${a.cov.length}, ${b.mean.length} with cov ${b.cov.length})`,
    );
  }
  let meanTerm = 0;
  for (let i = 0; i < d; i++) meanTerm += (a.mean[i] - b.mean[i]) ** 2;
  const s = psdSqrt(a.cov, d); // C1^1/2, [d, d]
  const m = multiply(multiply(s, b.cov, d), s, d); // C1^1/2 C2 C1^1/2, [d, d]
  symmetrize(m, d);
  const { values } = symmetricEigen(m, d, { vectors: false });
  let traceSqrt = 0;
  for (const v of values) traceSqrt += Math.sqrt(Math.max(v, 0)); // clamp rounding negatives
  const fid = meanTerm + trace(a.cov, d) + trace(b.cov, d) - 2 * traceSqrt;
  if (!Number.isFinite(fid)) throw new RangeError(`frechetDistance: not finite (${fid}); features contain NaN or Inf`);
  return Math.max(fid, 0);
}

/** Symmetric square root of a PSD matrix; eigenvalues below zero (rounding) count as zero. */
export function psdSqrt(c: Float64Array, d: number): Float64Array {
  const { values, vectors } = symmetricEigen(c, d);
  // sum_k sqrt(l_k) v_k v_k^T, built as (V^T diag(sqrt l)) V with rows of `vectors` = v_k.
  const scaled = new Float64Array(d * d);
  for (let k = 0; k < d; k++) {
    const r = Math.sqrt(Math.max(values[k], 0));
    for (let i = 0; i < d; i++) scaled[k * d + i] = vectors[k * d + i] * r;
  }
  const out = new Float64Array(d * d);
  for (let k = 0; k < d; k++) {
    for (let i = 0; i < d; i++) {
      const sik = scaled[k * d + i];
      if (sik === 0) continue;
      const row = i * d;
      for (let j = 0; j < d; j++) out[row + j] += sik * vectors[k * d + j];
    }
  }
  return out;
}

/** Row-major d x d product in i-k-j order (contiguous inner loop). */
function multiply(x: Float64Array, y: Float64Array, d: number): Float64Array {
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    const row = i * d;
    for (let k = 0; k < d; k++) {
      const xik = x[row + k];
      if (xik === 0) continue;
      const yk = k * d;
      for (let j = 0; j < d; j++) out[row + j] += xik * y[yk + j];
    }
  }
  return out;
}

function symmetrize(m: Float64Array, d: number): void {
  for (let i = 0; i < d; i++) {
    for (let j = i + 1; j < d; j++) {
      const v = (m[i * d + j] + m[j * d + i]) / 2;
      m[i * d + j] = v;
      m[j * d + i] = v;
    }
  }
}

function trace(m: Float64Array, d: number): number {
  let t = 0;
  for (let i = 0; i < d; i++) t += m[i * d + i];
  return t;
}
