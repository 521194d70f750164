// Paper figure 2 ("VAE latent space clusters across classes"), measured: if the latent means of
// test images are organised by digit, a point's nearest neighbours share its label. The
// leave-one-out accuracy of a k-nearest-neighbour vote is that statement as a number (chance:
// 1 / classes; 1 = every point's neighbourhood is its own class). The distances come a block of
// rows at a time from squared-distances.ts (matrix products), as precision and recall's do.

import { forEachDistanceBlock, type DistanceOptions } from './squared-distances';

/** Neighbours in the vote (odd, so two classes cannot tie on a binary split). */
export const KNN_K = 5;

/**
 * Leave-one-out k-NN accuracy of `count` points ([count, dim] row-major) with integer labels:
 * each point is classified by the majority label of its k nearest other points (Euclidean);
 * a tie goes to the tied class whose nearest member is closest.
 */
export function knnAccuracy(
  points: Float32Array | Uint8Array,
  labels: ArrayLike<number>,
  count: number,
  dim: number,
  k = KNN_K,
  opts: DistanceOptions = {},
): number {
  if (count < 2 || dim < 1 || points.length < count * dim || labels.length < count) {
    throw new RangeError(
      `knnAccuracy: expected at least 2 points of ${dim} values and a label each, found ${points.length} values and ${labels.length} labels for ${count} points`,
    );
  }
  const kk = Math.min(k, count - 1);
  // Pixels (uint8) as floats: the distances are matrix products.
  const x = points instanceof Float32Array ? points.subarray(0, count * dim) : Float32Array.from(points.subarray(0, count * dim));
  const order = new Int32Array(count);
  let correct = 0;
  forEachDistanceBlock(
    x,
    count,
    x,
    count,
    dim,
    (start, rows, dist) => {
      for (let q = 0; q < rows; q++) {
        const i = start + q;
        const row = dist.subarray(q * count, (q + 1) * count); // [count] squared distances from point i
        row[i] = Infinity; // leave the point itself out
        for (let j = 0; j < count; j++) order[j] = j;
        if (vote(partialSort(order, row, kk), labels) === labels[i]) correct++;
      }
    },
    opts,
  );
  return correct / count;
}

/** The k indices of smallest distance, nearest first (selection: k is small). */
function partialSort(order: Int32Array, dist: Float32Array, k: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < k; r++) {
    let best = r;
    for (let j = r + 1; j < order.length; j++) if (dist[order[j]] < dist[order[best]]) best = j;
    [order[r], order[best]] = [order[best], order[r]];
    out.push(order[r]);
  }
  return out;
}

/** Majority label of `nearest` (nearest first); ties go to the class met first. */
function vote(nearest: number[], labels: ArrayLike<number>): number {
  const counts = new Map<number, number>();
  for (const j of nearest) counts.set(labels[j], (counts.get(labels[j]) ?? 0) + 1);
  const top = Math.max(...counts.values());
  return labels[nearest.find((j) => counts.get(labels[j]) === top) as number];
}
