// Splits a strided convolution's input gradient into stride-1 convolutions, one per output
// phase: input rows iy with (iy + padBefore) % stride == r only ever meet filter taps
// ky = r, r + stride, ... . Each phase is a plain correlation of dy with those taps, flipped.

export interface StridePhase {
  /** Residue: this phase covers input positions iy = (q0 + t) * stride + r - padBefore. */
  r: number;
  /** Filter taps in this phase: ky = r + stride * j, j < taps. */
  taps: number;
  q0: number;
  /** Input positions in this phase (t < count). */
  count: number;
  /** Padding of dy for the phase's stride-1 correlation; negative means dy must be cropped. */
  padBefore: number;
  padAfter: number;
}

/** Phases along one spatial dimension of a convolution with input size inSize and output size outSize. */
export function stridePhases(inSize: number, outSize: number, k: number, stride: number, padBefore: number): StridePhase[] {
  const phases: StridePhase[] = [];
  for (let r = 0; r < stride; r++) {
    const taps = r < k ? Math.ceil((k - r) / stride) : 0;
    const q0 = Math.ceil((padBefore - r) / stride);
    const count = Math.floor((inSize - 1 + padBefore - r) / stride) - q0 + 1;
    // Output t reads dy[q0 + t - (taps - 1) + j'] for flipped taps j' < taps.
    const before = taps - 1 - q0;
    const after = count + taps - 1 - outSize - before;
    phases.push({ r, taps, q0, count, padBefore: before, padAfter: after });
  }
  return phases;
}

/** Whether every phase with work to do needs no cropping (XNNPACK takes no negative padding). */
export function phasesFitXnn(phases: StridePhase[]): boolean {
  return phases.every((p) => p.count <= 0 || p.taps === 0 || (p.padBefore >= 0 && p.padAfter >= 0));
}
