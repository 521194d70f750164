import { describe, expect, it } from 'vitest';
import { roofline, verdict } from './roofline';

describe('roofline', () => {
  it('is the peak for dense arithmetic and intensity x bandwidth for sparse', () => {
    // 100 FLOP per byte at 20 GB/s could run at 2000 GFLOP/s: the 300 of the peak bounds it.
    expect(roofline(1e9, 1e7, 300, 20)).toEqual({ intensity: 100, bound: 300, memoryBound: false });
    // 4 FLOP per byte at 20 GB/s: 80 GFLOP/s at most.
    expect(roofline(4e6, 1e6, 300, 20)).toEqual({ intensity: 4, bound: 80, memoryBound: true });
  });

  it('passes a row at half the peak, or at half a memory bound below the peak, and fails it otherwise', () => {
    const dense = roofline(1e9, 1e7, 300, 20);
    expect(verdict(150, dense, 300)).toBe('peak');
    expect(verdict(149, dense, 300)).toBe('below');
    const sparse = roofline(4e6, 1e6, 300, 20); // bound 80
    expect(verdict(40, sparse, 300)).toBe('memory');
    expect(verdict(39, sparse, 300)).toBe('below');
    expect(verdict(160, sparse, 300)).toBe('peak'); // above its bound (data from cache): still half the peak
  });
});
