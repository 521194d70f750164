// Paper 3.8: "both models were able to generate images that were recognizably digits", measured:
// the share of images the evaluator classifies with high confidence. Real MNIST test digits sit
// near 1 (the evaluator is ~99% accurate); noise and smudges fall below the threshold.

/** An image is a recognisable digit when the evaluator's top class probability is at least this. */
export const RECOGNISABLE_CONFIDENCE = 0.9;

/** Share of `n` probability rows ([n, classes] row-major) whose largest entry is >= `threshold`. */
export function recognisableShare(probs: Float32Array, n: number, classes: number, threshold = RECOGNISABLE_CONFIDENCE): number {
  if (n < 1 || classes < 1 || probs.length < n * classes)
    throw new RangeError(`recognisableShare: expected ${n * classes} values (${n} x ${classes}), found ${probs.length}`);
  const t = Math.fround(threshold); // probabilities are float32: 0.9 stored is just below 0.9
  let confident = 0;
  for (let r = 0; r < n; r++) {
    let top = 0;
    for (let c = 0; c < classes; c++) top = Math.max(top, probs[r * classes + c]);
    if (top >= t) confident++;
  }
  return confident / n;
}
