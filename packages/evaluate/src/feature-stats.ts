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

/** Rows per chunk of the transposed, centred copy (its size is d x CHUNK_ROWS float64s). */
const CHUNK_ROWS = 1024;

/**
 * Upper triangle of sum_r (x_r - mean)(x_r - mean)^T. Rows are centred and transposed a chunk at
 * a time ([d, rows], each feature's values contiguous); each 2 x 4 block of the triangle then
 * sums its eight products over the chunk in locals, so every value loaded serves two or four
 * products and the accumulators are loaded and stored once per chunk, not once per row.
 */
function scatterUpper(x: Float32Array | Float64Array, n: number, d: number, mean: Float64Array): Float64Array {
  const s = new Float64Array(d * d);
  const t = new Float64Array(d * Math.min(CHUNK_ROWS, n)); // [d, rows] centred
  for (let r0 = 0; r0 < n; r0 += CHUNK_ROWS) {
    const rows = Math.min(CHUNK_ROWS, n - r0);
    for (let q = 0; q < rows; q++) {
      const src = (r0 + q) * d;
      for (let j = 0; j < d; j++) t[j * rows + q] = x[src + j] - mean[j];
    }
    for (let i = 0; i < d; i += 2) {
      const i1 = i + 1 < d ? i + 1 : i; // an odd last row pairs with itself
      const a = i * rows,
        b = i1 * rows;
      let j = i;
      for (; j + 3 < d; j += 4) {
        const c0 = j * rows,
          c1 = c0 + rows,
          c2 = c1 + rows,
          c3 = c2 + rows;
        let s00 = 0,
          s01 = 0,
          s02 = 0,
          s03 = 0,
          s10 = 0,
          s11 = 0,
          s12 = 0,
          s13 = 0;
        for (let q = 0; q < rows; q++) {
          const u = t[a + q],
            v = t[b + q];
          const w0 = t[c0 + q],
            w1 = t[c1 + q],
            w2 = t[c2 + q],
            w3 = t[c3 + q];
          s00 += u * w0;
          s01 += u * w1;
          s02 += u * w2;
          s03 += u * w3;
          s10 += v * w0;
          s11 += v * w1;
          s12 += v * w2;
          s13 += v * w3;
        }
        const ri = i * d + j,
          ri1 = i1 * d + j;
        s[ri] += s00;
        s[ri + 1] += s01;
        s[ri + 2] += s02;
        s[ri + 3] += s03;
        if (i1 !== i) {
          s[ri1] += s10;
          s[ri1 + 1] += s11;
          s[ri1 + 2] += s12;
          s[ri1 + 3] += s13;
        }
      }
      for (; j < d; j++) {
        const c = j * rows;
        let s0 = 0,
          s1 = 0;
        for (let q = 0; q < rows; q++) {
          s0 += t[a + q] * t[c + q];
          s1 += t[b + q] * t[c + q];
        }
        s[i * d + j] += s0;
        if (i1 !== i) s[i1 * d + j] += s1;
      }
    }
  }
  return s;
}
