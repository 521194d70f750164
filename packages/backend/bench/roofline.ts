// The roofline of one kernel: the most GFLOP/s it can reach on this machine is the measured
// peak, or, when it does little arithmetic per byte, the bytes it must move at the measured
// memory bandwidth. `npm run bench` says for each conv row whether it reaches half of that.

export interface Roofline {
  /** FLOPs per byte moved. */
  intensity: number;
  /** min(peak, intensity x bandwidth), GFLOP/s. */
  bound: number;
  /** The bandwidth, not the peak, sets the bound. */
  memoryBound: boolean;
}

/** The bound of `flops` over `bytes` at `peakGflops` and `bandwidthGBs` (1e9 bytes/s). */
export function roofline(flops: number, bytes: number, peakGflops: number, bandwidthGBs: number): Roofline {
  const intensity = flops / bytes;
  const memory = intensity * bandwidthGBs;
  return { intensity, bound: Math.min(peakGflops, memory), memoryBound: memory < peakGflops };
}

/** The bar: half the peak, or half the bound where the bound is below the peak. */
export const TARGET_SHARE = 0.5;

export type Verdict = 'peak' | 'memory' | 'below';

/**
 * Whether `gflops` meets the bar: 'peak' (>= 50% of peak), 'memory' (below that, but the row is
 * memory-bound and >= 50% of its bound), or 'below' (under 50% of both).
 */
export function verdict(gflops: number, r: Roofline, peakGflops: number): Verdict {
  if (gflops >= TARGET_SHARE * peakGflops) return 'peak';
  if (r.memoryBound && gflops >= TARGET_SHARE * r.bound) return 'memory';
  return 'below';
}
