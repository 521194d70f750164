// Inception Score (paper 3.5 and 3.8.1: the GAN's score of 2.76), computed on the evaluator
// classifier's class probabilities as TF-GAN's mnist_score / classifier_score does:
//   IS = exp( E_x KL( p(y|x) || p(y) ) ),  p(y) = mean of p(y|x) over the split,
// with the usual split protocol (Salimans et al. 2016): the n rows are cut into `splits`
// contiguous parts of floor(n / splits) rows, scored separately; mean and std over the parts.
// Ranges from 1 (every image gets the same prediction) to `classes` (confident and balanced).

export interface InceptionScore {
  mean: number;
  /** Population standard deviation over the splits (numpy.std), 0 for one split. */
  std: number;
}

/** Classifier-IS of `n` probability rows of `classes` values each. Float64 throughout. */
export function inceptionScore(probs: Float32Array, n: number, classes: number, splits: number): InceptionScore {
  if (!Number.isInteger(splits) || splits < 1 || splits > n)
    throw new RangeError(`inceptionScore: splits must be in 1..n (${n}), found ${splits}`);
  if (probs.length < n * classes)
    throw new RangeError(`inceptionScore: expected ${n * classes} values (${n} x ${classes}), found ${probs.length}`);
  const size = Math.floor(n / splits);
  const scores: number[] = [];
  for (let s = 0; s < splits; s++) scores.push(Math.exp(meanKl(probs, s * size, size, classes)));
  const mean = scores.reduce((a, b) => a + b, 0) / splits;
  const std = Math.sqrt(scores.reduce((a, b) => a + (b - mean) ** 2, 0) / splits);
  return { mean, std };
}

/** Mean over rows start..start+count of KL(p(y|x) || p(y)), p(y) the rows' mean. */
function meanKl(probs: Float32Array, start: number, count: number, classes: number): number {
  const marginal = new Float64Array(classes);
  for (let r = start; r < start + count; r++) for (let c = 0; c < classes; c++) marginal[c] += probs[r * classes + c];
  for (let c = 0; c < classes; c++) marginal[c] /= count;
  let total = 0;
  for (let r = start; r < start + count; r++) {
    for (let c = 0; c < classes; c++) {
      const p = probs[r * classes + c];
      // 0 log 0 = 0; p > 0 implies marginal > 0, so the log is finite.
      if (p > 0) total += p * (Math.log(p) - Math.log(marginal[c]));
    }
  }
  return total / count;
}
