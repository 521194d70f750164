// Paper 3.8.3: mode collapse makes a generator's images "repetitive". The class histogram (mode
// coverage) catches a missing digit but not a generator that draws every digit one way; this
// catches that: the mean pairwise distance between images of the same predicted class, on the
// evaluator's features, against the same statistic of real test images (ratio 1 = as varied as
// real digits; near 0 = copies).

/** At most this many images per class enter the pairwise mean (45 pairs per 10 images; cheap and stable). */
export const DIVERSITY_PER_CLASS = 100;

/**
 * Mean over classes (with at least 2 members) of the mean Euclidean distance between the
 * features ([n, dim]) of the first `perClass` images the evaluator assigns (argmax of probs,
 * [n, classes]) to that class. Samples are i.i.d., so the first ones are a fair subset.
 */
export function withinClassDiversity(
  features: Float32Array,
  probs: Float32Array,
  n: number,
  dim: number,
  classes: number,
  perClass = DIVERSITY_PER_CLASS,
): number {
  if (n < 2 || features.length < n * dim || probs.length < n * classes) {
    throw new RangeError(
      `withinClassDiversity: expected at least 2 rows of ${dim} features and ${classes} probabilities, found ${features.length} and ${probs.length} values for ${n} rows`,
    );
  }
  const members: number[][] = Array.from({ length: classes }, () => []);
  for (let r = 0; r < n; r++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (probs[r * classes + c] > probs[r * classes + best]) best = c;
    if (members[best].length < perClass) members[best].push(r);
  }
  const means = members.filter((m) => m.length >= 2).map((m) => meanPairwiseDistance(features, m, dim));
  if (means.length === 0) return 0; // every class has at most one image: no within-class variation to see
  return means.reduce((s, x) => s + x, 0) / means.length;
}

function meanPairwiseDistance(features: Float32Array, rows: number[], dim: number): number {
  let sum = 0;
  let pairs = 0;
  for (let a = 0; a < rows.length; a++) {
    for (let b = a + 1; b < rows.length; b++) {
      let s = 0;
      for (let d = 0; d < dim; d++) {
        const diff = features[rows[a] * dim + d] - features[rows[b] * dim + d];
        s += diff * diff;
      }
      sum += Math.sqrt(s);
      pairs++;
    }
  }
  return sum / pairs;
}
