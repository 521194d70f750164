import { describe, expect, it } from 'vitest';
import { balancedSubset, classCounts } from './balanced-subset';
import { createRng } from './rng';

// 10 classes with uneven counts (class k has 20 + 3k items), interleaved like real data.
const labels = Uint8Array.from(Array.from({ length: 10 }, (_, k) => Array<number>(20 + 3 * k).fill(k)).flat());
createRng(5).shuffle(labels);

describe('balancedSubset', () => {
  it('takes floor(limit / 10) per class and spreads the remainder', () => {
    const idx = balancedSubset(labels, 100, createRng(1));
    expect(classCounts(labels.filter((_, i) => idx.includes(i)))).toEqual(Array(10).fill(10));
    const odd = balancedSubset(labels, 104, createRng(1));
    const counts = classCounts(Uint8Array.from(odd, (i) => labels[i]));
    expect(counts.filter((c) => c === 11)).toHaveLength(4);
    expect(counts.filter((c) => c === 10)).toHaveLength(6);
  });

  it('returns sorted, unique indices, deterministic by seed', () => {
    const a = balancedSubset(labels, 57, createRng(8));
    expect(Array.from(a)).toEqual(Array.from(balancedSubset(labels, 57, createRng(8))));
    expect(Array.from(a)).not.toEqual(Array.from(balancedSubset(labels, 57, createRng(9))));
    expect(new Set(a).size).toBe(57);
    expect(Array.from(a)).toEqual(Array.from(a).sort((x, y) => x - y));
  });

  it("gives a short class's shortfall to the others, and all items when limit >= length", () => {
    // 24 per class, but class 0 has 20 and class 1 has 23: their 5 missing go to 5 other classes.
    const idx = balancedSubset(labels, 240, createRng(2));
    const counts = classCounts(Uint8Array.from(idx, (i) => labels[i]));
    expect(counts.slice(0, 2)).toEqual([20, 23]);
    expect(counts.slice(2).sort()).toEqual([24, 24, 24, 25, 25, 25, 25, 25]);
    expect(balancedSubset(labels, labels.length + 5, createRng(2))).toHaveLength(labels.length);
  });
});
