// The work a conv direction must do and the data it must move at the least: the two numbers of
// its roofline (`npm run bench` prints them beside each conv row).

/** A stride-2 'same' conv of the paper: x [batch, h, w, inC] through a k x k filter to outC channels. */
export interface ConvShape {
  name: string;
  x: [number, number, number, number];
  k: number;
  outC: number;
}

export interface ConvWork {
  /** Output size [outH, outW] (TF's 'same': ceil(in / stride)). */
  out: [number, number];
  /**
   * 2 x the multiply-adds over filter taps that land inside the input: the work of each direction
   * (forward, dX and dW pair the same inputs, outputs and taps). oneDNN skips taps on padding.
   */
  flops: number;
  /** 2 x the multiply-adds over every tap, padding included (how the models' FLOP counts count). */
  nominalFlops: number;
  /**
   * Fewest bytes moved, fp32, the same for each direction: it reads two of x, filter and y (or
   * dy) once and writes the third once. x [batch, h, w, inC], filter [k, k, inC, outC], y [batch, outH, outW, outC].
   */
  bytes: number;
}

/**
 * Along one axis of `size` with a k-wide window at `stride` and TF's 'same' padding (the odd
 * pixel of padding goes after): the output length and how many window taps fall inside.
 */
export function tapsInside(size: number, k: number, stride: number): { out: number; taps: number } {
  const out = Math.ceil(size / stride);
  const padBefore = Math.floor(Math.max((out - 1) * stride + k - size, 0) / 2);
  let taps = 0;
  for (let o = 0; o < out; o++) {
    const start = o * stride - padBefore;
    taps += Math.max(0, Math.min(start + k, size) - Math.max(start, 0));
  }
  return { out, taps };
}

export function convWork(s: ConvShape, stride = 2): ConvWork {
  const [batch, h, w, inC] = s.x;
  const rows = tapsInside(h, s.k, stride);
  const cols = tapsInside(w, s.k, stride);
  const macsPerTap = batch * inC * s.outC;
  const x = batch * h * w * inC;
  const filter = s.k * s.k * inC * s.outC;
  const y = batch * rows.out * cols.out * s.outC;
  return {
    out: [rows.out, cols.out],
    flops: 2 * rows.taps * cols.taps * macsPerTap,
    nominalFlops: 2 * rows.out * cols.out * s.k * s.k * macsPerTap,
    bytes: 4 * (x + filter + y),
  };
}
