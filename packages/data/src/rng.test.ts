import { describe, expect, it } from 'vitest';
import { createRng, deriveSeed, Rng } from './rng';

const take = (rng: Rng, n: number) => Array.from({ length: n }, () => rng.next());

describe('Rng', () => {
  it('is deterministic by seed and differs between seeds', () => {
    expect(take(createRng(42), 5)).toEqual(take(createRng(42), 5));
    expect(take(createRng(42), 5)).not.toEqual(take(createRng(43), 5));
  });

  it('next is in [0, 1) and roughly uniform; int stays in range and hits every value', () => {
    const rng = createRng(1);
    const xs = take(rng, 20000);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(xs.reduce((a, b) => a + b, 0) / xs.length).toBeCloseTo(0.5, 1);
    const seen = new Set(Array.from({ length: 1000 }, () => rng.int(7)));
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(() => rng.int(0)).toThrow(RangeError);
  });

  it('normal has mean 0 and standard deviation 1', () => {
    const rng = createRng(7);
    const xs = Array.from({ length: 20000 }, () => rng.normal());
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(sd - 1)).toBeLessThan(0.03);
    expect(xs.every(Number.isFinite)).toBe(true);
  });

  it('shuffle permutes in place, deterministically', () => {
    const a = createRng(3).shuffle(Array.from({ length: 50 }, (_, i) => i));
    const b = createRng(3).shuffle(Uint32Array.from({ length: 50 }, (_, i) => i));
    expect(Array.from(b)).toEqual(a);
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(a).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('state / fromState resume the exact stream (checkpoint and restore)', () => {
    const rng = createRng(99);
    take(rng, 10);
    const saved = JSON.parse(JSON.stringify(rng.state())) as number;
    const expected = [...take(rng, 3), rng.normal(), rng.int(100)];
    const restored = Rng.fromState(saved);
    expect([...take(restored, 3), restored.normal(), restored.int(100)]).toEqual(expected);
    expect(() => Rng.fromState(-1)).toThrow(RangeError);
  });

  it('deriveSeed gives distinct, stable seeds per stream', () => {
    expect(deriveSeed(42, 'train')).toBe(deriveSeed(42, 'train'));
    expect(new Set([deriveSeed(42, 'train'), deriveSeed(42, 'test'), deriveSeed(43, 'train'), deriveSeed(42)]).size).toBe(4);
  });
});
