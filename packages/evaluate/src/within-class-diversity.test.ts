import { describe, expect, it } from 'vitest';
import { withinClassDiversity } from './within-class-diversity';

/** One-hot probabilities for the given classes. */
const oneHot = (labels: number[], classes: number) =>
  Float32Array.from({ length: labels.length * classes }, (_, i) => (labels[Math.floor(i / classes)] === i % classes ? 1 : 0));

describe('withinClassDiversity', () => {
  it('is 0 when every image of a class is the same image (collapse within the class)', () => {
    const features = Float32Array.of(1, 2, 1, 2, 5, 5, 5, 5); // class 0 twice (1, 2), class 1 twice (5, 5)
    expect(withinClassDiversity(features, oneHot([0, 0, 1, 1], 2), 4, 2, 2)).toBe(0);
  });

  it('averages the mean pairwise distance of each class, ignoring distances across classes', () => {
    // Class 0: points 0, 3, 4 on a line (pairwise 3, 4, 1: mean 8/3); class 1: 100, 110 (10).
    const features = Float32Array.of(0, 3, 4, 100, 110);
    expect(withinClassDiversity(features, oneHot([0, 0, 0, 1, 1], 2), 5, 1, 2)).toBeCloseTo((8 / 3 + 10) / 2, 12);
  });

  it('uses only the first perClass images of each class', () => {
    const features = Float32Array.of(0, 1, 1000);
    expect(withinClassDiversity(features, oneHot([0, 0, 0], 1), 3, 1, 1, 2)).toBe(1);
  });

  it('names the sizes it expected', () => {
    expect(() => withinClassDiversity(new Float32Array(2), new Float32Array(4), 2, 2, 2)).toThrow(/2 rows of 2 features/);
  });
});
