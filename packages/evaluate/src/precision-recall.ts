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

export const PRECISION_RECALL_DEFINITION =
  'Kynkaanniemi et al. 2019 on evaluator features (Euclidean): a point is inside a set\'s manifold if it lies within the distance from some ' +
  'point of that set to its k-th nearest neighbour (same set, self excluded); precision = fraction of generated points inside the real manifold, ' +
  'recall = fraction of real points inside the generated manifold';

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
  const fakeInReal = new Uint8Array(m);
  const realInFake = new Uint8Array(n);
  forEachTile(r, rNorm, n, f, fNorm, m, d, 0, (i, j, dist) => {
    if (dist <= rRadius[i]) fakeInReal[j] = 1;
    if (dist <= fRadius[j]) realInFake[i] = 1;
  });
  return { precision: mean(fakeInReal), recall: mean(realInFake) };
}

/** Squared distance from each row to its k-th nearest other row (each pair computed once). */
function kthNeighbour(x: Float32Array, norms: Float64Array, n: number, d: number, k: number): Float64Array {
  // best[i*k .. i*k+k) holds row i's k smallest squared distances, ascending.
  const best = new Float64Array(n * k).fill(Infinity);
  const offer = (i: number, dist: number) => {
    const base = i * k;
    if (dist >= best[base + k - 1]) return;
    let p = base + k - 1;
    while (p > base && best[p - 1] > dist) {
      best[p] = best[p - 1];
      p--;
    }
    best[p] = dist;
  };
  forEachTile(x, norms, n, x, norms, n, d, 1, (i, j, dist) => {
    offer(i, dist);
    offer(j, dist);
  });
  return Float64Array.from({ length: n }, (_, i) => best[i * k + k - 1]);
}

/**
 * Calls visit(i, j, squaredDistance) for every row i of a and j of b; with `upper` = 1 (a = b),
 * only for j > i. Rows of a go four at a time so each row of b is loaded once per tile.
 */
function forEachTile(a: Float32Array, aNorm: Float64Array, n: number, b: Float32Array, bNorm: Float64Array, m: number, d: number, upper: 0 | 1, visit: (i: number, j: number, dist: number) => void): void {
  const dots = new Float64Array(4);
  for (let i = 0; i < n; i += 4) {
    const a0 = i * d, a1 = a0 + d, a2 = a1 + d, a3 = a2 + d;
    for (let j = upper ? i + 1 : 0; j < m; j++) {
      const bj = j * d;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let t = 0; t < d; t++) {
        const v = b[bj + t];
        s0 += a[a0 + t] * v;
        s1 += a[a1 + t] * v;
        s2 += a[a2 + t] * v;
        s3 += a[a3 + t] * v;
      }
      dots[0] = s0; dots[1] = s1; dots[2] = s2; dots[3] = s3;
      for (let q = 0; q < 4; q++) {
        const row = i + q;
        if (row >= n || (upper && j <= row)) continue;
        visit(row, j, Math.max(aNorm[row] + bNorm[j] - 2 * dots[q], 0));
      }
    }
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
