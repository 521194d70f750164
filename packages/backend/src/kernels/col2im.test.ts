import { describe, expect, it } from 'vitest';
import { col2im } from './col2im';
import { convGeometry } from './conv-geometry';
import { im2col } from './im2col';
import { seeded } from '../../test-support/compare-backends';

// col2im must be the adjoint of im2col: <im2col(x), c> = <x, col2im(c)> for any x and c.
describe('im2col / col2im', () => {
  type Shape4 = [number, number, number, number];
  const cases: { x: Shape4; w: Shape4; s: number; pad: 'same' | 'valid' }[] = [
    { x: [1, 7, 9, 1], w: [3, 5, 1, 2], s: 1, pad: 'same' },
    { x: [2, 9, 7, 3], w: [5, 3, 3, 1], s: 3, pad: 'same' },
    { x: [1, 8, 10, 3], w: [3, 3, 3, 1], s: 2, pad: 'valid' },
  ];
  for (const c of cases) {
    it(`are adjoint for x [${c.x}], filter [${c.w}], stride ${c.s}, ${c.pad}`, () => {
      const g = convGeometry('test', c.x, c.w, c.s, c.pad, undefined, 'NHWC');
      const xLen = c.x.reduce((a, b) => a * b, 1);
      const colsLen = g.batch * g.outH * g.outW * g.kH * g.kW * g.inC;
      // One heap like the wasm one: [x | cols | c | dx] at offsets, with a guard float between.
      const heap = new Float32Array(2 * xLen + 2 * colsLen + 4).fill(NaN);
      const [xOff, colsOff, cOff, dxOff] = [0, xLen + 1, xLen + colsLen + 2, xLen + 2 * colsLen + 3];
      heap.set(seeded(xLen, 11), xOff);
      heap.set(seeded(colsLen, 12), cOff);
      im2col(heap, xOff, colsOff, g);
      col2im(heap, cOff, dxOff, g);
      let lhs = 0;
      let rhs = 0;
      for (let i = 0; i < colsLen; i++) lhs += heap[colsOff + i]! * heap[cOff + i]!;
      for (let i = 0; i < xLen; i++) rhs += heap[xOff + i]! * heap[dxOff + i]!;
      expect(Number.isFinite(lhs)).toBe(true); // every cols and dx float written, guards untouched
      expect(Math.abs(lhs - rhs)).toBeLessThan(1e-3 * Math.max(1, Math.abs(lhs)));
      expect([heap[xLen], heap[xLen + colsLen + 1], heap[xLen + 2 * colsLen + 2]].every(Number.isNaN)).toBe(true);
    });
  }
});
