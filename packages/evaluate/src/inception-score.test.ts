import { describe, expect, it } from 'vitest';
import { inceptionScore } from './inception-score';

const oneHot = (labels: number[], classes: number) =>
  Float32Array.from({ length: labels.length * classes }, (_, i) => (labels[Math.floor(i / classes)] === i % classes ? 1 : 0));

describe('inceptionScore', () => {
  it('is 1 for uniform predictions', () => {
    const s = inceptionScore(new Float32Array(100 * 10).fill(0.1), 100, 10, 5);
    expect(s.mean).toBeCloseTo(1, 6);
    expect(s.std).toBeCloseTo(0, 9);
  });

  it('is 10 for confident predictions balanced over 10 classes', () => {
    const labels = Array.from({ length: 200 }, (_, i) => i % 10);
    const s = inceptionScore(oneHot(labels, 10), 200, 10, 4);
    expect(s.mean).toBeCloseTo(10, 9);
    expect(s.std).toBeCloseTo(0, 9);
  });

  it('is 1 for confident predictions of a single class (mode collapse)', () => {
    expect(inceptionScore(oneHot(new Array(50).fill(3), 10), 50, 10, 1).mean).toBeCloseTo(1, 9);
  });

  it('is the number of classes used when confident and balanced over a subset, with split spread', () => {
    // Split 1: classes 0, 1 (IS 2); split 2: classes 0..3 (IS 4) -> mean 3, std 1.
    const s = inceptionScore(oneHot([0, 1, 0, 1, 0, 1, 2, 3], 10), 8, 10, 2);
    expect(s.mean).toBeCloseTo(3, 9);
    expect(s.std).toBeCloseTo(1, 9);
  });

  it('matches exp(mean KL) computed by hand for soft predictions', () => {
    // p1 = (0.9, 0.1), p2 = (0.2, 0.8); marginal (0.55, 0.45).
    const kl = (p: number[]) => p[0] * Math.log(p[0] / 0.55) + p[1] * Math.log(p[1] / 0.45);
    const s = inceptionScore(Float32Array.from([0.9, 0.1, 0.2, 0.8]), 2, 2, 1);
    expect(s.mean).toBeCloseTo(Math.exp((kl([0.9, 0.1]) + kl([0.2, 0.8])) / 2), 6);
  });

  it('rejects more splits than rows', () => {
    expect(() => inceptionScore(new Float32Array(20), 2, 10, 3)).toThrow(/splits/);
  });
});
