import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend, tf } from '@genlab/backend';
import { readMnist, toImageTensor } from '@genlab/data';
import { loadSpecFile, type EvaluatorSpec } from '@genlab/spec';
import { CLASSES, FEATURES_LAYER, featureDimOf } from './build-classifier';
import { classifierExtractor } from './evaluator-extractor';
import { extractBatched } from './feature-extractor';
import { featureStats } from './feature-stats';
import { frechetDistance } from './frechet-distance';
import { inceptionScore } from './inception-score';
import { loadPinnedClassifier } from './pinned-classifier';
import { precisionRecall } from './precision-recall';
import { classifierAccuracy } from './train-classifier';

// The extractor runs the classifier once per batch of 500 through execute(); it used predict(),
// which cut each batch into slices of 32. The scores must not move: the pinned classifier on
// real MNIST images, scored through the extractor and through the old predict() computation.

const REPO_ROOT = resolve(__dirname, '..', '..', '..');
const COUNT = 600; // two batches: 500 and 100

/** The extraction as it was: a two-output model and predict() at its default batch size of 32. */
async function oldExtract(classifier: tf.LayersModel, images: Uint8Array, count: number) {
  const both = tf.model({
    inputs: classifier.inputs,
    outputs: [classifier.getLayer(FEATURES_LAYER).output as tf.SymbolicTensor, classifier.outputs[0]],
  });
  return extractBatched(
    count,
    featureDimOf(classifier),
    CLASSES,
    (start, n) => tf.tidy(() => both.predict(toImageTensor(images, n, 'unit', start)) as tf.Tensor[]) as [tf.Tensor, tf.Tensor],
  );
}

type Extracted = { features: Float32Array; probs: Float32Array };

function scores(fake: Extracted, real: Extracted, d: number) {
  const fid = frechetDistance(featureStats(fake.features, COUNT, d), featureStats(real.features, COUNT, d));
  const is = inceptionScore(fake.probs, COUNT, CLASSES, 10).mean;
  return { fid, is, ...precisionRecall(real.features, fake.features, COUNT, COUNT, d, 3) };
}

/** Largest |a - b| / max(1, |b|) over two arrays of one length. */
function maxRelDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
  return worst;
}

describe('classifierExtractor', () => {
  let classifier: tf.LayersModel;
  beforeAll(async () => {
    await initBackend('auto');
    const spec = loadSpecFile(resolve(REPO_ROOT, 'experiments/evaluator/evaluator.yaml')).spec as EvaluatorSpec;
    if (!spec.pinned) throw new Error('experiments/evaluator/evaluator.yaml has no pinned weights');
    classifier = await loadPinnedClassifier(REPO_ROOT, { ...spec, pinned: spec.pinned });
  });
  afterAll(() => classifier?.dispose());

  it('gives the features, probabilities and scores of the old predict() path, row by row', async () => {
    const { train, test } = readMnist();
    const fakeImages = train.images.subarray(0, COUNT * 784);
    const old = { fake: await oldExtract(classifier, fakeImages, COUNT), real: await oldExtract(classifier, test.images, COUNT) };
    const extractor = classifierExtractor(classifier, { name: 'pinned', fingerprint: 'f', weights: 'w', testAccuracy: null });
    const before = tf.memory().numTensors;
    const fresh = { fake: await extractor.extract(fakeImages, COUNT), real: await extractor.extract(test.images, COUNT) };
    expect(tf.memory().numTensors).toBe(before);
    const d = extractor.featureDim;
    expect(d).toBe(128);
    // Row by row, so a batch written to the wrong rows fails even where FID would not see it.
    for (const side of ['fake', 'real'] as const) {
      expect(maxRelDiff(fresh[side].features, old[side].features)).toBeLessThanOrEqual(1e-6);
      expect(maxRelDiff(fresh[side].probs, old[side].probs)).toBeLessThanOrEqual(1e-6);
    }
    const a = scores(fresh.fake, fresh.real, d);
    const b = scores(old.fake, old.real, d);
    expect(b.fid).toBeGreaterThan(0); // two different image sets: a real distance to keep
    expect(Math.abs(a.fid - b.fid) / b.fid).toBeLessThanOrEqual(1e-6);
    expect(Math.abs(a.is - b.is) / b.is).toBeLessThanOrEqual(1e-6);
    expect(a.precision).toBe(b.precision);
    expect(a.recall).toBe(b.recall);
    // The evaluator stage's accuracy (its own batches, also out of predict()) from the old probabilities.
    let correct = 0;
    for (let r = 0; r < COUNT; r++) {
      const row = Array.from(old.real.probs.subarray(r * CLASSES, (r + 1) * CLASSES));
      if (row.indexOf(Math.max(...row)) === test.labels[r]) correct++;
    }
    expect(correct).toBeLessThan(COUNT); // so the comparison below can see a wrong row
    expect(classifierAccuracy(classifier, test.images, test.labels, COUNT)).toBe(correct / COUNT);
  });
});
