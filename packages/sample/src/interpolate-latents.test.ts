import { describe, expect, it } from 'vitest';
import { interpolateLatents } from './interpolate-latents';

const norm = (v: Float32Array) => Math.hypot(...v);

describe('interpolateLatents', () => {
  it('starts at a, ends at b, and keeps the norm between them on a great circle', () => {
    const a = Float32Array.from([3, 0, 0]);
    const b = Float32Array.from([0, 3, 0]);
    const path = interpolateLatents(a, b, 5);
    expect(Array.from(path.subarray(0, 3))).toEqual([3, 0, 0]);
    expect(path[12]).toBeCloseTo(0, 6);
    expect(path[13]).toBeCloseTo(3, 6);
    for (let s = 0; s < 5; s++) expect(norm(path.subarray(s * 3, s * 3 + 3))).toBeCloseTo(3, 5);
  });

  it('falls back to a straight line for parallel endpoints and rejects bad input', () => {
    const path = interpolateLatents(Float32Array.from([1, 1]), Float32Array.from([2, 2]), 3);
    expect(Array.from(path)).toEqual([1, 1, 1.5, 1.5, 2, 2]);
    expect(() => interpolateLatents(Float32Array.from([1]), Float32Array.from([1, 2]), 3)).toThrow(RangeError);
    expect(() => interpolateLatents(Float32Array.from([1]), Float32Array.from([2]), 1)).toThrow(RangeError);
  });
});
