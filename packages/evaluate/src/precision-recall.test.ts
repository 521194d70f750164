import { describe, expect, it } from 'vitest';
import { precisionRecall } from './precision-recall';
import { distanceEngine, type DistanceEngine } from './squared-distances';

function points(n: number, d: number, seed: number, shift = 0): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: n * d }, () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32) * 2 - 1 + shift);
}

/** Straightforward O(n^2 d) reference: sorted distances per row, then ball membership. */
function bruteForce(real: Float32Array, fake: Float32Array, n: number, m: number, d: number, k: number) {
  const dist = (x: Float32Array, i: number, y: Float32Array, j: number) => {
    let s = 0;
    for (let t = 0; t < d; t++) s += (x[i * d + t] - y[j * d + t]) ** 2;
    return Math.sqrt(s);
  };
  const radii = (x: Float32Array, c: number) =>
    Array.from({ length: c }, (_, i) => Array.from({ length: c }, (_unused, j) => dist(x, i, x, j)).sort((a, b) => a - b)[k]);
  const rr = radii(real, n),
    fr = radii(fake, m);
  const inside = (x: Float32Array, cx: number, y: Float32Array, cy: number, ry: number[]) =>
    Array.from({ length: cx }, (_, i) =>
      Array.from({ length: cy }, (_unused, j) => dist(x, i, y, j) <= ry[j] + 1e-6).some(Boolean) ? 1 : 0,
    ).reduce<number>((a, b) => a + b, 0) / cx;
  return { precision: inside(fake, m, real, n, rr), recall: inside(real, n, fake, m, fr) };
}

describe('precisionRecall', () => {
  it('matches a worked 1-D example', () => {
    // real 0,1,2,3 (k=1 radii 1); fake 0.5, 10, 3.9, 20: 0.5 and 3.9 are inside -> precision 0.5.
    // Fake radii (k=1): 3.4, 6.1, 3.4, 10 -> every real point is within 3.4 of 0.5 or 3.9 -> recall 1.
    const pr = precisionRecall(Float32Array.from([0, 1, 2, 3]), Float32Array.from([0.5, 10, 3.9, 20]), 4, 4, 1, 1);
    expect(pr).toEqual({ precision: 0.5, recall: 1 });
  });

  it('is 1 and 1 for identical sets and 0 and 0 for far-apart clusters', () => {
    const x = points(30, 5, 1);
    expect(precisionRecall(x, x, 30, 30, 5, 3)).toEqual({ precision: 1, recall: 1 });
    expect(precisionRecall(x, points(30, 5, 2, 100), 30, 30, 5, 3)).toEqual({ precision: 0, recall: 0 });
  });

  it('agrees with a brute-force reference on sizes that are not multiples of 4', () => {
    const [n, m, d, k] = [37, 42, 3, 3];
    const real = points(n, d, 3);
    const fake = points(m, d, 4, 0.6);
    const pr = precisionRecall(real, fake, n, m, d, k);
    const ref = bruteForce(real, fake, n, m, d, k);
    expect(pr.precision).toBeCloseTo(ref.precision, 12);
    expect(pr.recall).toBeCloseTo(ref.recall, 12);
    expect(pr.precision).toBeGreaterThan(0);
    expect(pr.precision).toBeLessThan(1);
  });

  it('gives the same answer from sgemm and from plain loops, across block edges', () => {
    const [n, m, d, k] = [53, 61, 7, 3];
    const real = points(n, d, 8);
    const fake = points(m, d, 9, 0.4);
    const ref = bruteForce(real, fake, n, m, d, k);
    const engines: DistanceEngine[] = distanceEngine() === 'native' ? ['native', 'js'] : ['js'];
    for (const engine of engines) {
      for (const blockFloats of [1, 5 * 61, 1 << 20]) {
        // one row per block, 5 rows, everything at once
        const pr = precisionRecall(real, fake, n, m, d, k, { engine, blockFloats });
        expect(pr, `${engine}, ${blockFloats} floats per block`).toEqual(ref);
      }
    }
  });

  it('drops recall but not precision when the fakes cover only part of the real set (mode collapse)', () => {
    const real = points(200, 2, 5); // uniform on [-1, 1]^2
    const fake = Float32Array.from(points(200, 2, 6), (v) => v * 0.2 - 0.7); // a corner of it
    const pr = precisionRecall(real, fake, 200, 200, 2, 3);
    expect(pr.precision).toBeGreaterThan(0.9);
    expect(pr.recall).toBeLessThan(0.3);
  });

  it('rejects k >= set size', () => {
    expect(() => precisionRecall(new Float32Array(6), new Float32Array(6), 3, 3, 2, 3)).toThrow(/k must be/);
  });
});
