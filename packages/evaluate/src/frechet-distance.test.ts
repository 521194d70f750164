import { describe, expect, it } from 'vitest';
import { featureStats, type FeatureStats } from './feature-stats';
import { frechetDistance, psdSqrt } from './frechet-distance';

const stats = (mean: number[], cov: number[]): FeatureStats => ({ mean: Float64Array.from(mean), cov: Float64Array.from(cov), n: 1000 });

/** Householder reflection I - 2 v v^T / |v|^2: an orthogonal matrix known in closed form. */
function reflection(d: number): Float64Array {
  const v = Array.from({ length: d }, (_, i) => Math.cos(i + 0.3));
  const norm2 = v.reduce((s, x) => s + x * x, 0);
  return Float64Array.from(
    { length: d * d },
    (_, k) => (Math.floor(k / d) === k % d ? 1 : 0) - (2 * v[Math.floor(k / d)] * v[k % d]) / norm2,
  );
}

/** Q diag(lambda) Q^T for a symmetric orthogonal Q. */
function rotatedDiag(q: Float64Array, lambda: number[]): number[] {
  const d = lambda.length;
  const out: number[] = [];
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) out.push(lambda.reduce((s, l, k) => s + q[i * d + k] * l * q[j * d + k], 0));
  return out;
}

/** Deterministic standard normals (Box-Muller over an LCG). */
function normals(count: number, seed: number): Float64Array {
  let s = seed >>> 0;
  const u = () => ((s = (s * 1664525 + 1013904223) >>> 0) + 1) / (2 ** 32 + 1);
  return Float64Array.from({ length: count }, () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u()));
}

describe('frechetDistance', () => {
  it('is 0 for identical feature sets', () => {
    const x = Float32Array.from(normals(200 * 6, 1));
    const s = featureStats(x, 200, 6);
    expect(frechetDistance(s, s)).toBeLessThan(1e-6);
  });

  it('matches the closed form for diagonal covariances: |mu1-mu2|^2 + sum (sqrt a - sqrt b)^2', () => {
    const a = stats([1, 2, 3], [4, 0, 0, 0, 9, 0, 0, 0, 1]);
    const b = stats([0, 2, 5], [1, 0, 0, 0, 4, 0, 0, 0, 16]);
    expect(frechetDistance(a, b)).toBeCloseTo(1 + 4 + (2 - 1) ** 2 + (3 - 2) ** 2 + (1 - 4) ** 2, 10);
  });

  it('matches the 2-D closed form Tr sqrt(M) = sqrt(tr M + 2 sqrt(det M)) for a rotated covariance', () => {
    const t = 0.6;
    const [c, s] = [Math.cos(t), Math.sin(t)];
    // C1 = diag(3, 0.5); C2 = R diag(2, 0.2) R^T.
    const c2 = [2 * c * c + 0.2 * s * s, (2 - 0.2) * c * s, (2 - 0.2) * c * s, 2 * s * s + 0.2 * c * c];
    const a = stats([0.5, -1], [3, 0, 0, 0.5]);
    const b = stats([1.5, 1], c2);
    const trC1C2 = 3 * c2[0] + 0.5 * c2[3];
    const traceSqrt = Math.sqrt(trC1C2 + 2 * Math.sqrt(3 * 0.5 * (2 * 0.2)));
    const expected = 1 + 4 + 3.5 + 2.2 - 2 * traceSqrt;
    expect(frechetDistance(a, b)).toBeCloseTo(expected, 10);
  });

  it('matches the closed form for commuting 48-D covariances rotated off the axes', () => {
    const d = 48;
    const q = reflection(d);
    const la = Array.from({ length: d }, (_, i) => 0.5 + i / 10);
    const lb = Array.from({ length: d }, (_, i) => 2 + Math.sin(i));
    const a = stats(new Array(d).fill(0), rotatedDiag(q, la));
    const b = stats(
      Array.from({ length: d }, (_, i) => (i === 0 ? 2 : 0)),
      rotatedDiag(q, lb),
    );
    const expected = 4 + la.reduce((s, l, i) => s + (Math.sqrt(l) - Math.sqrt(lb[i])) ** 2, 0);
    expect(frechetDistance(a, b)).toBeCloseTo(expected, 8);
  });

  it('estimates the analytic value from samples of two Gaussians', () => {
    const n = 20000;
    const z = normals(n * 2 * 2, 5);
    const x = new Float32Array(n * 2),
      y = new Float32Array(n * 2);
    for (let r = 0; r < n; r++) {
      x[2 * r] = 2 * z[4 * r];
      x[2 * r + 1] = z[4 * r + 1]; // N(0, diag(4, 1))
      y[2 * r] = 1 + z[4 * r + 2];
      y[2 * r + 1] = 3 * z[4 * r + 3]; // N((1, 0), diag(1, 9))
    }
    const expected = 1 + (2 - 1) ** 2 + (1 - 3) ** 2;
    expect(Math.abs(frechetDistance(featureStats(x, n, 2), featureStats(y, n, 2)) - expected)).toBeLessThan(0.25);
  });

  it('is symmetric', () => {
    const a = featureStats(Float32Array.from(normals(300 * 8, 2)), 300, 8);
    const b = featureStats(Float32Array.from(normals(300 * 8, 3).map((v, i) => v * (1 + (i % 8) / 4) + 0.3)), 300, 8);
    expect(frechetDistance(a, b)).toBeCloseTo(frechetDistance(b, a), 8);
  });

  it('is finite and non-negative with fewer samples than dimensions (singular covariances)', () => {
    const d = 64;
    const a = featureStats(Float32Array.from(normals(10 * d, 7)), 10, d);
    const b = featureStats(Float32Array.from(normals(12 * d, 8)), 12, d);
    const fid = frechetDistance(a, b);
    expect(Number.isFinite(fid)).toBe(true);
    expect(fid).toBeGreaterThan(0);
    expect(frechetDistance(a, a)).toBeLessThan(1e-6);
  });

  it('psdSqrt squares back to the matrix', () => {
    const c = Float64Array.from([4, 1, 1, 3]);
    const s = psdSqrt(c, 2);
    const sq = [s[0] * s[0] + s[1] * s[2], s[0] * s[1] + s[1] * s[3], s[2] * s[0] + s[3] * s[2], s[2] * s[1] + s[3] * s[3]];
    sq.forEach((v, i) => expect(v).toBeCloseTo(c[i], 12));
  });

  it('rejects mismatched feature sizes', () => {
    expect(() => frechetDistance(stats([0], [1]), stats([0, 0], [1, 0, 0, 1]))).toThrow(/feature sizes differ/);
  });
});
