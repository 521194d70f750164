import { describe, expect, it } from 'vitest';
import { recognisableShare } from './recognisable-share';

describe('recognisableShare', () => {
  it('counts rows whose top probability reaches the threshold', () => {
    const probs = Float32Array.of(
      0.95,
      0.05,
      0, // confident
      0.5,
      0.5,
      0, // torn between two classes
      1 / 3,
      1 / 3,
      1 / 3, // no idea
      0,
      0.1,
      0.9, // exactly at the threshold: counts
    );
    expect(recognisableShare(probs, 4, 3)).toBe(0.5);
    expect(recognisableShare(probs, 4, 3, 0.3)).toBe(1);
  });

  it('names the expected size', () => {
    expect(() => recognisableShare(new Float32Array(5), 2, 3)).toThrow(/expected 6 values \(2 x 3\), found 5/);
  });
});
