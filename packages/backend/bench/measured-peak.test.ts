import { describe, expect, it } from 'vitest';
import { bestCandidate } from './measured-peak';

describe('bestCandidate', () => {
  it('is the candidate with the most GFLOP/s, the first of equals', () => {
    const c = [
      { name: 'sgemm 2048', gflops: 319 },
      { name: 'conv 3x3', gflops: 352.5 },
      { name: 'conv 5x5', gflops: 352.5 },
    ];
    expect(bestCandidate(c)).toEqual({ name: 'conv 3x3', gflops: 352.5 });
    expect(() => bestCandidate([])).toThrow('no candidates');
  });
});
