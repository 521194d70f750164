import { loadAddon, type NativeAddon } from '@genlab/backend-native';

// Squared Euclidean distances between two sets of feature rows, a block of rows at a time:
// |a - b|^2 = |a|^2 + |b|^2 - 2 a.b, with the dot products as one matrix product per block
// (oneDNN's sgemm through the native addon when it loads, else plain loops). One buffer is
// allocated per call and reused by every block: fresh pages cost more than the arithmetic here.

/** Distances of rows [start, start + rows) of a to every row of b, row-major [rows, m]. */
export type DistanceBlockVisitor = (start: number, rows: number, dist: Float32Array) => void;

/** Floats in one block of distances (4 MB): reused, and rows enough for an efficient matrix product. */
const BLOCK_FLOATS = 1 << 20;

export type DistanceEngine = 'native' | 'js';

export interface DistanceOptions {
  /** Default: native when the addon loads. */
  engine?: DistanceEngine;
  /** Floats per block of distances (tests use small blocks to cross block edges). */
  blockFloats?: number;
}

/** The engine forEachDistanceBlock uses on this machine. */
export function distanceEngine(): DistanceEngine {
  return loadAddon().ok ? 'native' : 'js';
}

/** Calls visit for each block of a's n rows against b's m rows (d values per row). */
export function forEachDistanceBlock(
  a: Float32Array,
  n: number,
  b: Float32Array,
  m: number,
  d: number,
  visit: DistanceBlockVisitor,
  opts: DistanceOptions = {},
): void {
  const engine = opts.engine ?? distanceEngine();
  const blockRows = Math.max(1, Math.min(n, Math.floor((opts.blockFloats ?? BLOCK_FLOATS) / m)));
  const aNorm = squaredNorms(a, n, d);
  const bNorm = a === b && n === m ? aNorm : squaredNorms(b, m, d);
  const attempt = engine === 'native' ? loadAddon() : undefined;
  if (attempt && !attempt.ok) throw new Error(`forEachDistanceBlock: the native engine is not available: ${attempt.reason}`);
  const blockDots = attempt?.ok ? nativeDots(attempt.addon, b, m, d, blockRows) : jsDots(b, m, d, blockRows);
  for (let start = 0; start < n; start += blockRows) {
    const rows = Math.min(blockRows, n - start);
    const dist = blockDots(a.subarray(start * d, (start + rows) * d), rows); // [rows, m] dot products
    for (let q = 0; q < rows; q++) {
      const an = aNorm[start + q];
      const row = q * m;
      // Rounding can make a tiny distance negative; distances are >= 0.
      for (let j = 0; j < m; j++) dist[row + j] = Math.max(an + bNorm[j] - 2 * dist[row + j], 0);
    }
    visit(start, rows, dist.subarray(0, rows * m));
  }
}

/** Dot products of a block's rows with b's rows by the addon's sgemm, in one reused heap. */
function nativeDots(addon: NativeAddon, b: Float32Array, m: number, d: number, blockRows: number) {
  // heap: b [m, d] | a block [blockRows, d] | out [blockRows, m]
  const heap = new Float32Array(m * d + blockRows * d + blockRows * m);
  heap.set(b.subarray(0, m * d));
  const aOff = m * d;
  const outOff = aOff + blockRows * d;
  const dims = new Int32Array(7);
  return (aRows: Float32Array, rows: number): Float32Array => {
    heap.set(aRows, aOff);
    dims.set([1, 1, rows, m, d, 0, 1]); // out [rows, m] = a [rows, d] . b^T
    addon.batchMatMul(heap, dims, aOff, 0, -1, outOff, 0, 0);
    return heap.subarray(outOff, outOff + blockRows * m);
  };
}

/**
 * The same in plain loops with float64 sums (machines without the native kernels): four rows of
 * the block at a time, so each row of b is read once per four dot products. Within one set
 * (a === b) each pair is computed twice, once for each of its rows: a visitor gets every distance
 * of a row at once, and keeping the other half for later rows would take n^2 / 2 floats (50 MB
 * at 5,000 rows), the memory blocks exist to avoid.
 */
function jsDots(b: Float32Array, m: number, d: number, blockRows: number) {
  const out = new Float32Array(blockRows * m);
  const a = new Float32Array((blockRows + 3) * d); // the block, padded with zero rows to a multiple of 4
  return (aRows: Float32Array, rows: number): Float32Array => {
    a.fill(0, rows * d);
    a.set(aRows);
    for (let q = 0; q < rows; q += 4) {
      const a0 = q * d,
        a1 = a0 + d,
        a2 = a1 + d,
        a3 = a2 + d;
      for (let j = 0; j < m; j++) {
        const b0 = j * d;
        let s0 = 0,
          s1 = 0,
          s2 = 0,
          s3 = 0;
        for (let t = 0; t < d; t++) {
          const v = b[b0 + t];
          s0 += a[a0 + t] * v;
          s1 += a[a1 + t] * v;
          s2 += a[a2 + t] * v;
          s3 += a[a3 + t] * v;
        }
        out[q * m + j] = s0;
        if (q + 1 < rows) out[(q + 1) * m + j] = s1;
        if (q + 2 < rows) out[(q + 2) * m + j] = s2;
        if (q + 3 < rows) out[(q + 3) * m + j] = s3;
      }
    }
    return out;
  };
}

function squaredNorms(x: Float32Array, n: number, d: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let t = 0; t < d; t++) s += x[i * d + t] * x[i * d + t];
    out[i] = s;
  }
  return out;
}
