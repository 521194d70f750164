import { describe, expect, it } from 'vitest';
import { symmetricEigen } from './symmetric-eigen';

/** Deterministic symmetric matrix with entries in [-1, 1] (a small LCG, no Math.random). */
function randomSymmetric(d: number, seed: number): Float64Array {
  let s = seed >>> 0;
  const next = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
  const a = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j <= i; j++) a[i * d + j] = a[j * d + i] = next();
  return a;
}

function maxResidual(a: Float64Array, d: number, values: Float64Array, vectors: Float64Array): number {
  let worst = 0;
  for (let j = 0; j < d; j++) {
    for (let i = 0; i < d; i++) {
      let av = 0;
      for (let k = 0; k < d; k++) av += a[i * d + k] * vectors[j * d + k];
      worst = Math.max(worst, Math.abs(av - values[j] * vectors[j * d + i]));
    }
  }
  return worst;
}

describe('symmetricEigen', () => {
  it('diagonalises a random symmetric matrix: A v = lambda v, V orthonormal, ascending', () => {
    const d = 40;
    const a = randomSymmetric(d, 3);
    const { values, vectors } = symmetricEigen(a, d);
    expect(maxResidual(a, d, values, vectors)).toBeLessThan(1e-10);
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        let dot = 0;
        for (let k = 0; k < d; k++) dot += vectors[i * d + k] * vectors[j * d + k];
        expect(Math.abs(dot - (i === j ? 1 : 0))).toBeLessThan(1e-10);
      }
    }
    for (let j = 1; j < d; j++) expect(values[j]).toBeGreaterThanOrEqual(values[j - 1]);
    let trace = 0;
    for (let i = 0; i < d; i++) trace += a[i * d + i];
    expect(values.reduce((s, v) => s + v, 0)).toBeCloseTo(trace, 10);
  });

  it('gives the same eigenvalues without vectors', () => {
    const d = 33;
    const a = randomSymmetric(d, 11);
    const full = symmetricEigen(a, d).values;
    const only = symmetricEigen(a, d, { vectors: false });
    expect(only.vectors.length).toBe(0);
    full.forEach((v, i) => expect(only.values[i]).toBeCloseTo(v, 10));
  });

  it('solves a 2x2 in closed form and handles diagonal, zero and 1x1 matrices', () => {
    // [[2, 1], [1, 2]] has eigenvalues 1 and 3 with vectors (1, -1)/sqrt2 and (1, 1)/sqrt2.
    const { values, vectors } = symmetricEigen(Float64Array.from([2, 1, 1, 2]), 2);
    expect(values[0]).toBeCloseTo(1, 12);
    expect(values[1]).toBeCloseTo(3, 12);
    expect(Math.abs(vectors[2] * vectors[3] - 0.5)).toBeLessThan(1e-12);
    expect(Array.from(symmetricEigen(Float64Array.from([5, 0, 0, 0, -1, 0, 0, 0, 2]), 3).values)).toEqual([-1, 2, 5]);
    expect(Array.from(symmetricEigen(new Float64Array(16), 4).values)).toEqual([0, 0, 0, 0]);
    expect(Array.from(symmetricEigen(Float64Array.from([7]), 1).values)).toEqual([7]);
  });

  it('rejects a buffer of the wrong size', () => {
    expect(() => symmetricEigen(new Float64Array(5), 2)).toThrow(/expected 4 values/);
  });
});
