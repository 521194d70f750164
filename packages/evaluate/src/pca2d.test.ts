import { describe, expect, it } from 'vitest';
import { pca2d } from './pca2d';

describe('pca2d', () => {
  it('recovers the two largest-variance axes of points spread along known directions', () => {
    // A full grid of (a, b), so a and b are exactly uncorrelated with var(a) > var(b), mapped to
    // a * e1' + b * e2' + (5, -1, 3): e1', e2' are e1, e2 rotated by 30 degrees in the x-y plane.
    const [c, s] = [Math.cos(Math.PI / 6), Math.sin(Math.PI / 6)];
    const coeff: [number, number][] = [];
    for (const a of [-6, -3, 0, 3, 6]) for (const b of [-1, 0, 1]) coeff.push([a, b]);
    const n = coeff.length;
    const pts = Float32Array.from(coeff.flatMap(([a, b]) => [a * c - b * s + 5, a * s + b * c - 1, 3]));
    const out = pca2d(pts, n, 3);
    coeff.forEach(([a, b], r) => {
      // The first axis's largest loading is positive: e1' = (0.87, 0.5, 0) keeps its sign.
      expect(out[r * 2]).toBeCloseTo(a, 5);
      expect(Math.abs(out[r * 2 + 1])).toBeCloseTo(Math.abs(b), 5);
    });
    // The second axis has one consistent sign: b = +1 rows all land on the same side.
    const signs = coeff.flatMap(([, b], r) => (b === 1 ? [Math.sign(out[r * 2 + 1])] : []));
    expect(new Set(signs).size).toBe(1);
  });

  it('projects 1-D data onto x with y = 0', () => {
    const out = pca2d(Float32Array.from([1, 2, 3]), 3, 1);
    expect(Array.from(out)).toEqual([-1, 0, 0, 0, 1, 0]);
  });
});
