import type { Rng } from './rng';

// data.trainLimit / data.testLimit: a class-balanced subset, so a 1,000-image quick run still
// sees every digit about equally often (researchers shrink data for ablations: docs/design.md "Who it is for").

/**
 * Indices (sorted ascending) of a class-balanced subset of `limit` items: floor(limit / k) per
 * class for k classes, the remainder given one each to classes picked by `rng`. A class with too
 * few items gives its shortfall to the others. Deterministic for a given rng state.
 */
export function balancedSubset(labels: Uint8Array, limit: number, rng: Rng): Uint32Array {
  if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`balancedSubset: limit must be a non-negative integer, found ${limit}`);
  if (limit >= labels.length) return Uint32Array.from(labels.keys());
  const byClass = indicesByClass(labels);
  const quota = quotas(
    byClass.map((c) => c.length),
    limit,
    rng,
  );
  const picked: number[] = [];
  byClass.forEach((indices, k) => {
    // Partial Fisher-Yates: only the first quota[k] positions need to be random.
    const a = indices.slice();
    for (let i = 0; i < quota[k]; i++) {
      const j = i + rng.int(a.length - i);
      [a[i], a[j]] = [a[j], a[i]];
    }
    picked.push(...a.slice(0, quota[k]));
  });
  return Uint32Array.from(picked).sort();
}

/** How many items of each class of label 0..max appear: the `classCounts` of the data result. */
export function classCounts(labels: Uint8Array, classes = 10): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (const l of labels) counts[l] = (counts[l] ?? 0) + 1;
  return counts;
}

function indicesByClass(labels: Uint8Array): number[][] {
  let max = 0;
  for (const l of labels) max = Math.max(max, l);
  const out: number[][] = Array.from({ length: max + 1 }, () => []);
  labels.forEach((l, i) => out[l].push(i));
  return out;
}

/** Per-class counts summing to `limit`, as even as the available counts allow. */
function quotas(available: number[], limit: number, rng: Rng): number[] {
  const quota = new Array<number>(available.length).fill(0);
  let left = limit;
  // Water-filling: each round shares what is left evenly among classes that still have items,
  // the indivisible remainder going to classes in a seeded random order.
  while (left > 0) {
    const open = available.map((n, k) => k).filter((k) => quota[k] < available[k]);
    const share = Math.floor(left / open.length);
    const order = rng.shuffle(open.slice());
    const extra = new Set(order.slice(0, left - share * open.length));
    for (const k of open) {
      const give = Math.min(share + (extra.has(k) ? 1 : 0), available[k] - quota[k]);
      quota[k] += give;
      left -= give;
    }
  }
  return quota;
}
