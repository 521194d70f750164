import { describe, expect, it } from 'vitest';
import { createRng } from '@genlab/data';
import { knnAccuracy } from './knn-accuracy';
import { distanceEngine, type DistanceEngine } from './squared-distances';

/** `perClass` points around each of `classes` centres on a line `spacing` apart, jitter +-0.5. */
function clusters(classes: number, perClass: number, spacing: number, dim = 3): { points: Float32Array; labels: Uint8Array } {
  const rng = createRng(7);
  const n = classes * perClass;
  const points = new Float32Array(n * dim);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = i % classes;
    for (let d = 0; d < dim; d++) points[i * dim + d] = (d === 0 ? labels[i] * spacing : 0) + rng.next() - 0.5;
  }
  return { points, labels };
}

describe('knnAccuracy', () => {
  it('is 1 for well separated clusters', () => {
    const { points, labels } = clusters(10, 20, 10);
    expect(knnAccuracy(points, labels, 200, 3)).toBe(1);
  });

  it('is near chance when the labels do not depend on position', () => {
    const { points } = clusters(1, 400, 0);
    const labels = Uint8Array.from({ length: 400 }, (_, i) => i % 10);
    expect(knnAccuracy(points, labels, 400, 3)).toBeLessThan(0.25);
  });

  it('leaves the point itself out: two points of different labels are both misclassified with k = 1', () => {
    expect(knnAccuracy(Float32Array.of(0, 1), [0, 1], 2, 1, 1)).toBe(0);
    expect(knnAccuracy(Float32Array.of(0, 0.1, 5, 5.1), [0, 0, 1, 1], 4, 1, 1)).toBe(1);
  });

  it('breaks a tie towards the class of the nearest neighbour', () => {
    // k = 2 on a line: 0 (L0), 1 (L0), 1.5 (L1), 10 (L1). Ties at 0 (-> 1, L0, right), at 1
    // (-> 1.5, L1, wrong) and at 10 (-> 1.5, L1, right); 1.5 sees two L0 (wrong): 2 of 4.
    expect(knnAccuracy(Float32Array.of(0, 1, 1.5, 10), [0, 0, 1, 1], 4, 1, 2)).toBe(0.5);
  });

  it('agrees with a direct leave-one-out vote with either distance engine, across block edges', () => {
    const { points, labels } = clusters(10, 13, 1.2, 5); // overlapping clusters: not every point is right
    const ref = directKnnAccuracy(points, labels, 130, 5, 5);
    expect(ref).toBeGreaterThan(0.2);
    expect(ref).toBeLessThan(1);
    const engines: DistanceEngine[] = distanceEngine() === 'native' ? ['native', 'js'] : ['js'];
    for (const engine of engines) {
      for (const blockFloats of [130, 7 * 130, 1 << 20]) {
        expect(knnAccuracy(points, labels, 130, 5, 5, { engine, blockFloats }), `${engine}, ${blockFloats} floats per block`).toBe(ref);
      }
    }
    const pixels = Uint8Array.from(points, (v) => Math.round((v + 1) * 20));
    expect(knnAccuracy(pixels, labels, 130, 5)).toBe(directKnnAccuracy(pixels, labels, 130, 5, 5));
  });

  it('names the sizes it expected', () => {
    expect(() => knnAccuracy(new Float32Array(3), [0, 1], 2, 2)).toThrow(/at least 2 points of 2 values/);
  });
});

/** The vote with each distance computed directly (differences squared, float64) and the same vote tie rule (no two distances tie in these data). */
function directKnnAccuracy(points: ArrayLike<number>, labels: ArrayLike<number>, count: number, dim: number, k: number): number {
  let correct = 0;
  for (let i = 0; i < count; i++) {
    const others = Array.from({ length: count }, (_, j) => j).filter((j) => j !== i);
    const dist = (j: number) => {
      let s = 0;
      for (let d = 0; d < dim; d++) s += (points[i * dim + d] - points[j * dim + d]) ** 2;
      return s;
    };
    const nearest = others
      .map((j) => ({ j, d: dist(j) }))
      .sort((a, b) => a.d - b.d || a.j - b.j)
      .slice(0, k)
      .map((o) => o.j);
    const counts = new Map<number, number>();
    for (const j of nearest) counts.set(labels[j], (counts.get(labels[j]) ?? 0) + 1);
    const top = Math.max(...counts.values());
    if (labels[nearest.find((j) => counts.get(labels[j]) === top)!] === labels[i]) correct++;
  }
  return correct / count;
}
