import { describe, expect, it } from 'vitest';
import { umap2d } from './umap2d';

/** Three well-separated clusters of 20 points in 5-D. */
function clusters(): { points: Float32Array; labels: number[] } {
  const labels: number[] = [];
  const points = new Float32Array(60 * 5);
  for (let r = 0; r < 60; r++) {
    const k = r % 3;
    labels.push(k);
    for (let j = 0; j < 5; j++) points[r * 5 + j] = (j === k ? 20 : 0) + Math.sin(r * 7.3 + j * 1.9);
  }
  return { points, labels };
}

describe('umap2d', () => {
  it('is deterministic for a seed and different for another seed', () => {
    const { points } = clusters();
    const a = umap2d(points, 60, 5, 1);
    expect(Array.from(umap2d(points, 60, 5, 1))).toEqual(Array.from(a));
    expect(Array.from(umap2d(points, 60, 5, 2))).not.toEqual(Array.from(a));
    expect(a.every(Number.isFinite)).toBe(true);
  });

  it("keeps separated clusters apart: each point's nearest embedded neighbour is of its own cluster", () => {
    // UMAP preserves local structure, not global layout (a cluster may split in two), so the
    // check is neighbourhood purity rather than distances to cluster centres.
    const { points, labels } = clusters();
    const e = umap2d(points, 60, 5, 3, { nNeighbors: 10 });
    labels.forEach((k, i) => {
      let best = -1,
        bestDist = Infinity;
      for (let j = 0; j < 60; j++) {
        const dist = Math.hypot(e[i * 2] - e[j * 2], e[i * 2 + 1] - e[j * 2 + 1]);
        if (j !== i && dist < bestDist) [best, bestDist] = [j, dist];
      }
      expect(labels[best]).toBe(k);
    });
  });
});
