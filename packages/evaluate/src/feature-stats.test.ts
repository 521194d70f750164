import { describe, expect, it } from 'vitest';
import { featureStats } from './feature-stats';

describe('featureStats', () => {
  it('matches the hand-computed mean and unbiased covariance', () => {
    // Rows (1, 2), (3, 6), (5, 10): mean (3, 6); deviations (-2, -4), (0, 0), (2, 4);
    // scatter [[8, 16], [16, 32]] / (n - 1 = 2) = [[4, 8], [8, 16]].
    const s = featureStats(Float32Array.from([1, 2, 3, 6, 5, 10]), 3, 2);
    expect(Array.from(s.mean)).toEqual([3, 6]);
    expect(Array.from(s.cov)).toEqual([4, 8, 8, 16]);
    expect(s.n).toBe(3);
  });

  it('agrees with a naive two-pass covariance for row counts that are not multiples of 4', () => {
    const n = 7,
      d = 5;
    const x = Float32Array.from({ length: n * d }, (_, i) => Math.sin(i * 1.7) * 3 + (i % d));
    const s = featureStats(x, n, d);
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        let acc = 0;
        for (let r = 0; r < n; r++) acc += (x[r * d + i] - s.mean[i]) * (x[r * d + j] - s.mean[j]);
        expect(s.cov[i * d + j]).toBeCloseTo(acc / (n - 1), 10);
      }
    }
  });

  it('gives a zero covariance for one sample instead of dividing by zero', () => {
    const s = featureStats(Float32Array.from([1, 2, 3]), 1, 3);
    expect(Array.from(s.cov).every((v) => v === 0)).toBe(true);
  });

  it('rejects too few values', () => {
    expect(() => featureStats(new Float32Array(5), 2, 3)).toThrow(/expected 6 values/);
  });
});
