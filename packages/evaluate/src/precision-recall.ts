// Improved precision and recall (Kynkaanniemi et al. 2019), on evaluator features, to separate
// the two failure modes of paper 3.8.3: mode collapse (low recall) and blur / off-manifold
// samples (low precision). Each set's manifold is the union of balls around its points with
// radius = Euclidean distance to the point's k-th nearest neighbour in the same set (itself
// excluded). precision = fraction of fake points inside the real manifold; recall = fraction of
// real points inside the fake manifold.
//
// Distances come a block of rows at a time from squared-distances.ts (matrix products: 5,000 x
// 5,000 at d = 128 is 3.2 G multiply-adds per pair of sets, a fraction of a second in sgemm).

import { forEachDistanceBlock, type DistanceOptions } from './squared-distances';

export interface PrecisionRecall {
  precision: number;
  recall: number;
}

/** Precision and recall of `m` fake feature rows against `n` real ones, `d` values each. */
export function precisionRecall(
  real: Float32Array,
  fake: Float32Array,
  n: number,
  m: number,
  d: number,
  k: number,
  opts: DistanceOptions = {},
): PrecisionRecall {
  if (!Number.isInteger(k) || k < 1 || k >= n || k >= m)
    throw new RangeError(`precisionRecall: k must be in 1..min(n, m) - 1 (n=${n}, m=${m}), found ${k}`);
  if (real.length < n * d || fake.length < m * d)
    throw new RangeError(`precisionRecall: expected ${n}x${d} real and ${m}x${d} fake values, found ${real.length} and ${fake.length}`);
  const rRadius = kthNeighbour(real, n, d, k, opts); // squared radii, [n]
  const fRadius = kthNeighbour(fake, m, d, k, opts); // squared radii, [m]
  const fakeInReal = new Uint8Array(m);
  const realInFake = new Uint8Array(n);
  forEachDistanceBlock(
    real,
    n,
    fake,
    m,
    d,
    (start, rows, dist) => {
      for (let q = 0; q < rows; q++) {
        const i = start + q;
        const radius = rRadius[i];
        for (let j = 0; j < m; j++) {
          const dd = dist[q * m + j];
          if (dd <= radius) fakeInReal[j] = 1;
          if (dd <= fRadius[j]) realInFake[i] = 1;
        }
      }
    },
    opts,
  );
  return { precision: mean(fakeInReal), recall: mean(realInFake) };
}

/** Squared distance from each row to its k-th nearest other row. */
function kthNeighbour(x: Float32Array, n: number, d: number, k: number, opts: DistanceOptions): Float64Array {
  const radius = new Float64Array(n);
  const best = new Float64Array(k); // one row's k smallest distances, ascending
  forEachDistanceBlock(
    x,
    n,
    x,
    n,
    d,
    (start, rows, dist) => {
      for (let q = 0; q < rows; q++) {
        const i = start + q;
        best.fill(Infinity);
        for (let j = 0; j < n; j++) {
          const dd = dist[q * n + j];
          if (dd < best[k - 1] && j !== i) offer(best, k, dd);
        }
        radius[i] = best[k - 1];
      }
    },
    opts,
  );
  return radius;
}

/** Inserts `dist` into the ascending list of the k smallest distances. */
function offer(best: Float64Array, k: number, dist: number): void {
  let p = k - 1;
  while (p > 0 && best[p - 1] > dist) {
    best[p] = best[p - 1];
    p--;
  }
  best[p] = dist;
}

function mean(flags: Uint8Array): number {
  let s = 0;
  for (const f of flags) s += f;
  return s / flags.length;
}
