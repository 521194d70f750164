import type { UpstreamArtifact } from '@genlab/artifacts';
import { tf } from '@genlab/backend';
import { createRng, deriveSeed, tensorToUint8, type PixelScale } from '@genlab/data';
import { loadNetworks } from '@genlab/models';
import { CLASSES } from './build-classifier';
import type { FeatureExtractor } from './feature-extractor';
import { modeCoverage, type ModeCoverage } from './mode-coverage';
import { checkpointDir } from './read-artifact-files';

// Paper 3.8.3's mode collapse over time: which digits a model draws after each sampled epoch.
// One final score cannot say whether a GAN collapsed at epoch 2 or drifted there by epoch 20,
// nor whether seeds agree on the digit; the class histogram at every sampled checkpoint can.

/** Samples scored per epoch: enough for a histogram whose shares move by about 1% between draws. */
export const COVERAGE_SAMPLES = 2000;
const BATCH = 500;

export interface EpochCoverage extends ModeCoverage {
  epoch: number;
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
}

/**
 * The evaluator's class histogram of `count` samples from the checkpoint of each epoch. Every
 * epoch decodes the same latent vectors (one seeded stream), so epochs differ only by weights.
 */
export async function coverageByEpoch(o: CoverageOptions): Promise<EpochCoverage[]> {
  const out: EpochCoverage[] = [];
  for (const epoch of o.epochs) {
    const { [o.network]: net } = await loadNetworks(checkpointDir(o.train, epoch), [o.network]);
    let images: Uint8Array;
    try {
      images = decode(net!, o.count, o.scale, o.seed);
    } finally {
      net!.dispose();
    }
    const { probs } = await o.extractor.extract(images, o.count);
    out.push({ epoch, ...modeCoverage(probs, o.count, CLASSES) });
  }
  return out;
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
