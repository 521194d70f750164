// Mode coverage (paper 3.8.3: mode collapse in GANs): how the evaluator's predicted classes of
// the generated images spread over the 10 digits.

/** A class counts as covered when it gets at least this fraction of its uniform share. */
export const COVERAGE_SHARE = 0.1;

export interface ModeCoverage {
  /** Fraction of samples per predicted class; sums to 1. */
  histogram: number[];
  classesCovered: number;
  klFromUniform: number;
}

/** Argmax histogram of `n` probability rows, covered classes and KL from uniform. */
export function modeCoverage(probs: Float32Array, n: number, classes: number): ModeCoverage {
  if (n < 1 || classes < 1 || probs.length < n * classes)
    throw new RangeError(`modeCoverage: expected ${n * classes} values (${n} x ${classes}), found ${probs.length}`);
  const counts = new Array<number>(classes).fill(0);
  for (let r = 0; r < n; r++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (probs[r * classes + c] > probs[r * classes + best]) best = c;
    counts[best]++;
  }
  const histogram = counts.map((c) => c / n);
  const classesCovered = histogram.filter((h) => h >= COVERAGE_SHARE / classes).length;
  const klFromUniform = histogram.reduce((s, h) => (h > 0 ? s + h * Math.log(h * classes) : s), 0);
  return { histogram, classesCovered, klFromUniform };
}
