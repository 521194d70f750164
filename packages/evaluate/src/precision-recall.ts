// Improved precision and recall (Kynkaanniemi et al. 2019), on evaluator features, to separate
// the two failure modes of paper 3.8.3: mode collapse (low recall) and blur / off-manifold
// samples (low precision). Each set's manifold is the union of balls around its points with
// radius = Euclidean distance to the point's k-th nearest neighbour in the same set (itself
// excluded). precision = fraction of fake points inside the real manifold; recall = fraction of
// real points inside the fake manifold.
//
// Distances come from 4-row tiles of dot products, |a - b|^2 = |a|^2 + |b|^2 - 2 a.b, in plain
// float32 loops (no backend, deterministic): 5,000 x 5,000 at d = 128 is ~6 G multiply-adds with
// the within-set matrices computed once per pair.

export interface PrecisionRecall {
  precision: number;
  recall: number;
}

/** Precision and recall of `m` fake feature rows against `n` real ones, `d` values each. */
export function precisionRecall(real: Float32Array, fake: Float32Array, n: number, m: number, d: number, k: number): PrecisionRecall {
  if (!Number.isInteger(k) || k < 1 || k >= n || k >= m) throw new RangeError(`precisionRecall: k must be in 1..min(n, m) - 1 (n=${n}, m=${m}), found ${k}`);
  if (real.length < n * d || fake.length < m * d) throw new RangeError(`precisionRecall: expected ${n}x${d} real and ${m}x${d} fake values, found ${real.length} and ${fake.length}`);
  const r = padRows(real, n, d);
  const f = padRows(fake, m, d);
  const rNorm = squaredNorms(r, n, d);
  const fNorm = squaredNorms(f, m, d);
  const rRadius = kthNeighbour(r, rNorm, n, d, k); // squared radii, [n]
  const fRadius = kthNeighbour(f, fNorm, m, d, k); // squared radii, [m]
  const { fakeInReal, realInFake } = crossMembership(r, rNorm, rRadius, n, f, fNorm, fRadius, m, d);
  return { precision: mean(fakeInReal), recall: mean(realInFake) };
}

/** Squared distance from each row to its k-th nearest other row (each pair computed once). */
function kthNeighbour(x: Float32Array, norms: Float64Array, n: number, d: number, k: number): Float64Array {
  // best[i*k .. i*k+k) holds row i's k smallest squared distances, ascending.
  const best = new Float64Array(n * k).fill(Infinity);
  const tile = new Float64Array(4 * n);
  for (let i = 0; i < n; i += 4) {
    distanceTile(x, norms, i, n, x, norms, n, d, i + 1, tile);
    for (let q = 0; q < 4 && i + q < n; q++) {
      const row = i + q;
      for (let j = row + 1; j < n; j++) {
        const dist = tile[q * n + j];
        if (dist < best[row * k + k - 1]) offer(best, row, k, dist);
        if (dist < best[j * k + k - 1]) offer(best, j, k, dist);
      }
    }
  }
  return Float64Array.from({ length: n }, (_, i) => best[i * k + k - 1]);
}

/** Inserts `dist` into row i's ascending list of its k smallest distances. */
function offer(best: Float64Array, i: number, k: number, dist: number): void {
  const base = i * k;
  let p = base + k - 1;
  while (p > base && best[p - 1] > dist) {
    best[p] = best[p - 1];
    p--;
  }
  best[p] = dist;
}

/** Marks fakes inside some real ball and reals inside some fake ball. */
function crossMembership(r: Float32Array, rNorm: Float64Array, rRadius: Float64Array, n: number, f: Float32Array, fNorm: Float64Array, fRadius: Float64Array, m: number, d: number) {
  const fakeInReal = new Uint8Array(m);
  const realInFake = new Uint8Array(n);
  const tile = new Float64Array(4 * m);
  for (let i = 0; i < n; i += 4) {
    distanceTile(r, rNorm, i, n, f, fNorm, m, d, 0, tile);
    for (let q = 0; q < 4 && i + q < n; q++) {
      const row = i + q;
      const radius = rRadius[row];
      for (let j = 0; j < m; j++) {
        const dist = tile[q * m + j];
        if (dist <= radius) fakeInReal[j] = 1;
        if (dist <= fRadius[j]) realInFake[row] = 1;
      }
    }
  }
  return { fakeInReal, realInFake };
}

/**
 * Squared distances of rows i..i+3 of a to rows jStart..m-1 of b, into out[q * m + j]. Four
 * rows of a at a time, so each row of b is loaded once per four dot products.
 */
function distanceTile(a: Float32Array, aNorm: Float64Array, i: number, n: number, b: Float32Array, bNorm: Float64Array, m: number, d: number, jStart: number, out: Float64Array): void {
  const a0 = i * d, a1 = a0 + d, a2 = a1 + d, a3 = a2 + d;
  const n0 = aNorm[i], n1 = i + 1 < n ? aNorm[i + 1] : 0, n2 = i + 2 < n ? aNorm[i + 2] : 0, n3 = i + 3 < n ? aNorm[i + 3] : 0;
  for (let j = jStart; j < m; j++) {
    const bj = j * d;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (let t = 0; t < d; t++) {
      const v = b[bj + t];
      s0 += a[a0 + t] * v;
      s1 += a[a1 + t] * v;
      s2 += a[a2 + t] * v;
      s3 += a[a3 + t] * v;
    }
    const bn = bNorm[j];
    // Rounding can make a tiny distance negative; distances are >= 0.
    out[j] = Math.max(n0 + bn - 2 * s0, 0);
    out[m + j] = Math.max(n1 + bn - 2 * s1, 0);
    out[2 * m + j] = Math.max(n2 + bn - 2 * s2, 0);
    out[3 * m + j] = Math.max(n3 + bn - 2 * s3, 0);
  }
}

/** Copy with the row count rounded up to a multiple of 4 (zero rows), so tiles never read past the end. */
function padRows(x: Float32Array, n: number, d: number): Float32Array {
  const out = new Float32Array(Math.ceil(n / 4) * 4 * d);
  out.set(x.subarray(0, n * d));
  return out;
}

function squaredNorms(x: Float32Array, n: number, d: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let t = 0; t < d; t++) s += x[i * d + t] * x[i * d + t];
    out[i] = s;
  }
  return out;
}

function mean(flags: Uint8Array): number {
  let s = 0;
  for (const f of flags) s += f;
  return s / flags.length;
}
