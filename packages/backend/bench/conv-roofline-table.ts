// The conv rows of `npm run bench` as a Markdown table: GFLOP/s of each direction, its share of
// the measured peak, the shape's roofline bound, and whether each direction reaches the issue's
// bar (50% of peak, or of the bound where memory holds the bound below the peak) or why not.
import type { ConvGflopsRow } from './conv-gflops';
import { roofline, TARGET_SHARE, verdict } from './roofline';

const DIRECTIONS = ['forward', 'backpropInput', 'backpropFilter'] as const;

/** 1.2e9 -> "1.20 G", 6.8e6 -> "6.83 M". */
export function si(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  return `${(n / 1e3).toFixed(2)} k`;
}

/** The table, header included; `peak` GFLOP/s and `bandwidth` GB/s as measured in the same run. */
export function convRooflineTable(rows: ConvGflopsRow[], peak: number, bandwidth: number): string {
  const pct = (x: number, of: number) => `${((100 * x) / of).toFixed(0)}%`;
  const lines = rows.map((r) => {
    const roof = roofline(r.flops, r.bytes, peak, bandwidth);
    const cells = DIRECTIONS.map((d) => {
      const g = r[d];
      const v = verdict(g, roof, peak);
      const bound = roof.memoryBound ? `, ${pct(g, roof.bound)} of bound` : '';
      const mark = v === 'peak' ? 'ok' : v === 'memory' ? 'ok, memory-bound' : 'BELOW';
      return `${g.toFixed(1)} (${pct(g, peak)}${bound}) ${mark}`;
    });
    const taps = r.flops < r.nominalFlops ? ` (${pct(r.flops, r.nominalFlops)} of taps inside)` : '';
    const bound = roof.memoryBound
      ? `${roof.bound.toFixed(0)}: bound by memory, ${si(r.flops)}FLOP / ${si(r.bytes)}B = ${roof.intensity.toFixed(1)} FLOP/B`
      : `${roof.bound.toFixed(0)}: peak (${roof.intensity.toFixed(1)} FLOP/B)`;
    return `| ${r.kernels} | ${r.shape} | ${si(r.flops)}FLOP${taps} / ${si(r.bytes)}B | ${bound} | ${cells.join(' | ')} |`;
  });
  const bar = `${(100 * TARGET_SHARE).toFixed(0)}%`;
  return (
    `| kernels | shape | FLOP / fewest bytes | bound GFLOP/s | forward | input gradient (dX) | filter gradient (dW) |\n|---|---|---|---|---|---|---|\n` +
    lines.join('\n') +
    `\n\nEach cell: GFLOP/s (% of peak[, % of the roofline bound when memory sets it]) and "ok" when it reaches ${bar} of the peak, ` +
    `"ok, memory-bound" when it reaches ${bar} of a bound below the peak, "BELOW" when it reaches neither. ` +
    `FLOPs count the filter taps inside the image (oneDNN skips those on padding); fewest bytes: x, filter and y (or their gradients) read or written once, fp32, ` +
    `the same for all three directions. Bound: min(peak, FLOP/B x bandwidth).\n`
  );
}
