import type { UpstreamArtifact } from '@genlab/artifacts';
import { tf } from '@genlab/backend';
import { createRng, deriveSeed, tensorToUint8, type PixelScale } from '@genlab/data';
import { loadNetworks } from '@genlab/models';
import { CLASSES } from './build-classifier';
import type { FeatureExtractor } from './feature-extractor';
import { featureStats, type FeatureStats } from './feature-stats';
import { frechetDistance } from './frechet-distance';
import { inceptionScore, type InceptionScore } from './inception-score';
import { modeCoverage, type ModeCoverage } from './mode-coverage';
import { checkpointDir } from './read-artifact-files';

// Paper 3.8.3's mode collapse over time: which digits a model draws after each sampled epoch.
// One final score cannot say whether a GAN collapsed at epoch 2 or drifted there by epoch 20,
// nor whether seeds agree on the digit; the class histogram at every sampled checkpoint can.
// The same samples' classifier-FID and -IS let a report compare two models at any scored epoch
// (e.g. after equal training time), not only at the last one.

/** Samples scored per epoch: enough for a histogram whose shares move by about 1% between draws. */
export const COVERAGE_SAMPLES = 2000;
const BATCH = 500;

export interface EpochCoverage extends ModeCoverage {
  epoch: number;
}

/** Classifier-FID and -IS of one epoch's coverage samples. */
export interface EpochScores {
  epoch: number;
  fid: number;
  is: InceptionScore & { splits: number };
}

export interface CoverageOptions {
  train: UpstreamArtifact;
  /** Epochs with a checkpoint to score, ascending. */
  epochs: number[];
  /** The network that turns latent vectors into images. */
  network: 'generator' | 'decoder';
  count: number;
  scale: PixelScale;
  seed: number;
  extractor: FeatureExtractor;
  /** The test set's feature statistics, computed once by the evaluate stage for the final score. */
  reference: FeatureStats;
  /** IS splits at most (evaluate.isSplits); capped by `count`. */
  isSplits: number;
}

/**
 * The evaluator's class histogram of `count` samples from the checkpoint of each epoch, and the
 * classifier-FID (against `reference`) and -IS of the same samples, from one extractor pass.
 * Every epoch decodes the same latent vectors (one seeded stream), so epochs differ only by weights.
 */
export async function coverageByEpoch(o: CoverageOptions): Promise<{ coverage: EpochCoverage[]; scores: EpochScores[] }> {
  const coverage: EpochCoverage[] = [];
  const scores: EpochScores[] = [];
  for (const epoch of o.epochs) {
    const images = await epochSamples(o.train, epoch, o.network, o.count, o.scale, o.seed);
    const scored = await scoreEpoch(epoch, images, o.count, o);
    coverage.push(scored.coverage);
    scores.push(scored.scores);
  }
  return { coverage, scores };
}

/** The class histogram, classifier-FID and -IS of one epoch's `count` samples, from one extractor pass. */
export async function scoreEpoch(
  epoch: number,
  images: Uint8Array,
  count: number,
  o: Pick<CoverageOptions, 'extractor' | 'reference' | 'isSplits'>,
): Promise<{ coverage: EpochCoverage; scores: EpochScores }> {
  const splits = Math.min(o.isSplits, count);
  const { features, probs } = await o.extractor.extract(images, count);
  const fid = frechetDistance(featureStats(features, count, o.extractor.featureDim), o.reference);
  return {
    coverage: { epoch, ...modeCoverage(probs, count, CLASSES) },
    scores: { epoch, fid, is: { ...inceptionScore(probs, count, CLASSES, splits), splits } },
  };
}

/** uint8 [count * 784]: the samples coverageByEpoch scores for `epoch` (its checkpoint, the seeded latents). */
export async function epochSamples(
  train: UpstreamArtifact,
  epoch: number,
  network: 'generator' | 'decoder',
  count: number,
  scale: PixelScale,
  seed: number,
): Promise<Uint8Array> {
  const { [network]: net } = await loadNetworks(checkpointDir(train, epoch), [network]);
  try {
    return decode(net!, count, scale, seed);
  } finally {
    net!.dispose();
  }
}

/** uint8 [count * 784] from N(0, 1) latents of the seeded stream, batch by batch. */
function decode(net: tf.LayersModel, count: number, scale: PixelScale, seed: number): Uint8Array {
  const dim = net.inputs[0]!.shape[1]!;
  const rng = createRng(deriveSeed(seed, 'evaluate-coverage'));
  const images = new Uint8Array(count * 784);
  for (let start = 0; start < count; start += BATCH) {
    const n = Math.min(BATCH, count - start);
    const z = new Float32Array(n * dim);
    for (let i = 0; i < z.length; i++) z[i] = rng.normal();
    const pixels = tf.tidy(() => tensorToUint8(net.predict(tf.tensor2d(z, [n, dim])) as tf.Tensor, scale)); // [n, 28, 28, 1] -> bytes
    images.set(pixels, start * 784);
  }
  return images;
}
