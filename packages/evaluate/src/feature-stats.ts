// First and second moments of a feature set, the Gaussian that the Frechet distance compares
// (paper 3.5; Heusel et al. 2017). Accumulated in float64: float32 sums over 10,000 samples lose
// the digits FID differences live in.

export interface FeatureStats {
  /** [d] mean feature. */
  mean: Float64Array;
  /** [d, d] row-major covariance, unbiased (divides by n - 1, as numpy.cov). */
  cov: Float64Array;
  /** Samples the statistics were computed from. */
  n: number;
}

/** Mean and covariance of `n` feature rows of `d` values each (row-major `features`). */
export function featureStats(features: Float32Array | Float64Array, n: number, d: number): FeatureStats {
  if (!Number.isInteger(n) || !Number.isInteger(d) || n < 1 || d < 1)
    throw new RangeError(`featureStats: need n >= 1 and d >= 1, found n=${n}, d=${d}`);
  if (features.length < n * d) throw new RangeError(`featureStats: expected ${n * d} values (${n} x ${d}), found ${features.length}`);
  const mean = new Float64Array(d);
  for (let r = 0; r < n; r++) for (let j = 0; j < d; j++) mean[j] += features[r * d + j];
  for (let j = 0; j < d; j++) mean[j] /= n;
  const cov = scatterUpper(features, n, d, mean);
  const denom = Math.max(n - 1, 1);
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) {
      const v = cov[i * d + j] / denom;
      cov[i * d + j] = v;
      cov[j * d + i] = v;
    }
  }
  return { mean, cov, n };
}

/**
 * Upper triangle of sum_r (x_r - mean)(x_r - mean)^T. Four centred rows per pass over the
 * triangle, so each accumulator is loaded and stored a quarter as often (d = 512 stays ~1 s).
 */
function scatterUpper(x: Float32Array | Float64Array, n: number, d: number, mean: Float64Array): Float64Array {
  const s = new Float64Array(d * d);
  const rows = [new Float64Array(d), new Float64Array(d), new Float64Array(d), new Float64Array(d)];
  for (let r = 0; r < n; r += 4) {
    const m = Math.min(4, n - r);
    for (let q = 0; q < 4; q++) {
      const row = rows[q];
      if (q < m) for (let j = 0; j < d; j++) row[j] = x[(r + q) * d + j] - mean[j];
      else row.fill(0);
    }
    const [a, b, c, e] = rows;
    for (let i = 0; i < d; i++) {
      const ai = a[i],
        bi = b[i],
        ci = c[i],
        ei = e[i];
      const base = i * d;
      for (let j = i; j < d; j++) s[base + j] += ai * a[j] + bi * b[j] + ci * c[j] + ei * e[j];
    }
  }
  return s;
}
