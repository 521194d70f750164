import { featureStats, type FeatureStats } from './feature-stats';
import { frechetDistance } from './frechet-distance';
import { inceptionScore, type InceptionScore } from './inception-score';
import { modeCoverage, type ModeCoverage } from './mode-coverage';
import { precisionRecall } from './precision-recall';
import { recognisableShare } from './recognisable-share';
import { withinClassDiversity } from './within-class-diversity';

// One row of metrics.json: a set of images (generated samples, or real training images for the
// reference row) scored against the test set, all on the same extractor's outputs.

/** Extractor outputs of a set of images: [count, featureDim] features and [count, classes] probs. */
export interface ExtractedSet {
  features: Float32Array;
  probs: Float32Array;
  count: number;
}

/** The test side, prepared once: feature statistics and the precision/recall subset. */
export interface ReferenceSide {
  stats: FeatureStats;
  /** [prCount, featureDim] features for precision/recall. */
  prFeatures: Float32Array;
  prCount: number;
  /** Within-class diversity of the test images (the denominator of every set's diversity ratio). */
  diversity: number;
}

export interface SetScores {
  fid: number;
  is: InceptionScore & { splits: number };
  modeCoverage: ModeCoverage;
  precision: number;
  recall: number;
  /** Points per side and k actually used for precision/recall (capped by the set sizes). */
  prSamples: number;
  k: number;
  /** Share of the set the evaluator classifies with confidence >= RECOGNISABLE_CONFIDENCE. */
  recognisable: number;
  /** Within-class diversity of the set's features, and its ratio to the test images'. */
  diversity: { value: number; real: number; ratio: number };
}

export interface ScoreOptions {
  featureDim: number;
  classes: number;
  isSplits: number;
  k: number;
  /** At most this many points per side for precision/recall (evaluate.precisionRecallSamples). */
  prSamples: number;
}

/** FID, IS, mode coverage, precision/recall, recognisable share and diversity of `set` against the test side `ref`. */
export function scoreSet(set: ExtractedSet, ref: ReferenceSide, o: ScoreOptions): SetScores {
  const fid = frechetDistance(featureStats(set.features, set.count, o.featureDim), ref.stats);
  const splits = Math.min(o.isSplits, set.count);
  const is = { ...inceptionScore(set.probs, set.count, o.classes, splits), splits };
  const prSamples = Math.min(o.prSamples, set.count, ref.prCount);
  const k = Math.min(o.k, prSamples - 1);
  const { precision, recall } = precisionRecall(ref.prFeatures, set.features, prSamples, prSamples, o.featureDim, k);
  const diversity = withinClassDiversity(set.features, set.probs, set.count, o.featureDim, o.classes);
  return {
    fid,
    is,
    modeCoverage: modeCoverage(set.probs, set.count, o.classes),
    precision,
    recall,
    prSamples,
    k,
    recognisable: recognisableShare(set.probs, set.count, o.classes),
    diversity: { value: diversity, real: ref.diversity, ratio: diversity / ref.diversity },
  };
}
