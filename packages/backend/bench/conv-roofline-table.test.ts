import { describe, expect, it } from 'vitest';
import { PAPER_CONV_SHAPES, type ConvGflopsRow } from './conv-gflops';
import { convRooflineTable, si } from './conv-roofline-table';
import { convWork } from './conv-work';

function row(prefix: string, g: [number, number, number]): ConvGflopsRow {
  const shape = PAPER_CONV_SHAPES.find((s) => s.name.startsWith(prefix))!;
  const { flops, nominalFlops, bytes } = convWork(shape);
  return { kernels: 'native', shape: shape.name, flops, nominalFlops, bytes, forward: g[0], backpropInput: g[1], backpropFilter: g[2] };
}

describe('convRooflineTable', () => {
  // Peak 300 GFLOP/s, 20 GB/s: VAE1 (6.89 MFLOP over 1.81 MB, 3.8 FLOP/B) is bound at 76 GFLOP/s;
  // D2 (2.15 GFLOP over 10.45 MB) by the peak.
  const table = convRooflineTable([row('D2', [200, 150, 100]), row('VAE1', [45, 20, 160])], 300, 20);
  const [d2, vae1] = table.split('\n').filter((l) => l.startsWith('| native'));

  it('marks each direction against half the peak', () => {
    expect(d2).toContain('| 2.15 GFLOP (84% of taps inside) / 10.45 MB |');
    expect(d2).toContain('| 300: peak (205.4 FLOP/B) |');
    expect(d2).toContain('| 200.0 (67%) ok | 150.0 (50%) ok | 100.0 (33%) BELOW |');
  });

  it('gives a memory-bound shape its bound, its FLOP and byte counts, and half of that bound as the bar', () => {
    expect(vae1).toContain('| 76: bound by memory, 6.89 MFLOP / 1.81 MB = 3.8 FLOP/B |');
    expect(vae1).toContain('| 45.0 (15%, 59% of bound) ok, memory-bound | 20.0 (7%, 26% of bound) BELOW | 160.0 (53%, 210% of bound) ok |');
  });

  it('writes counts with SI prefixes', () => {
    expect(si(2.15e9)).toBe('2.15 G');
    expect(si(6.885e6)).toBe('6.88 M');
    expect(si(6400)).toBe('6.40 k');
  });
});
