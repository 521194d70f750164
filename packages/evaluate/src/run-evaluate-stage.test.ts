import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArtifactError, type Manifest, type UpstreamArtifact } from '@genlab/artifacts';
import { createRng, loadDataset } from '@genlab/data';
import { readTensorBoardEvents } from '@genlab/artifacts/test-support/read-tensorboard-events';
import { CLASSES } from './build-classifier';
import { epochSamples } from './coverage-by-epoch';
import { loadEvaluatorExtractor } from './evaluator-extractor';
import { featureStats } from './feature-stats';
import { frechetDistance } from './frechet-distance';
import { inceptionScore } from './inception-score';
import { modeCoverage } from './mode-coverage';
import { runEvaluateStage } from './run-evaluate-stage';
import type { MetricsJson } from './metrics-json';
import {
  dataFixture,
  experimentSpec,
  runEvaluatorFixture,
  runExperimentStage,
  sampleFixture,
  stageDir,
  tinyEvaluatorSpec,
  trainFixture,
  upstreamOf,
} from '../test-support/test-fixtures';

const root = mkdtempSync(join(tmpdir(), 'genlab-evaluate-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const vaeSpec = experimentSpec(`
name: tiny-vae
preset: paper-vae
data: { trainLimit: 300, testLimit: 200 }
train: { epochs: 2, checkpointEvery: 1 }
sample: { count: 100, epochs: [] }
evaluate:
  evaluator: tiny-evaluator
  samples: 100
  isSplits: 5
  precisionRecallK: 3
  latent: { epochs: [1], points: 60, methods: [pca, umap] }
`);
const ganSpec = experimentSpec(`
name: tiny-gan
preset: paper-gan
data: { trainLimit: 300, testLimit: 200 }
train: { epochs: 1 }
sample: { count: 150, epochs: [] }
evaluate: { evaluator: tiny-evaluator, samples: 120 }
`);

const evaluate = (spec: typeof vaeSpec) =>
  runExperimentStage(root, spec, 'evaluate', runEvaluateStage as never, {
    data: upstreamOf(root, spec.name, 'data'),
    train: upstreamOf(root, spec.name, 'train'),
    sample: upstreamOf(root, spec.name, 'sample'),
    evaluator: upstreamOf(root, 'tiny-evaluator', 'evaluator'),
  });

let vaeTrain: Manifest;

beforeAll(async () => {
  await runEvaluatorFixture(root, stageDir(root, 'tiny-evaluator', 'evaluator'), tinyEvaluatorSpec());
  for (const spec of [vaeSpec, ganSpec]) await dataFixture(root, spec);
  vaeTrain = await trainFixture(root, vaeSpec, [1, 2]);
  await trainFixture(root, ganSpec, [1]);
  // VAE "samples": uniform noise, far from digits. GAN "samples": real test digits.
  const noise = new Uint8Array(100 * 784);
  const rng = createRng(1);
  for (let i = 0; i < noise.length; i++) noise[i] = rng.int(256);
  await sampleFixture(root, vaeSpec, noise, [1]);
  await sampleFixture(root, ganSpec, loadDataset(stageDir(root, 'tiny-gan', 'data'), 'train').images.slice(150 * 784, 300 * 784));
});

describe('runEvaluateStage', () => {
  let vae: Manifest;

  it('scores VAE samples: metrics.json in the documented shape, equal to the result', async () => {
    vae = await evaluate(vaeSpec);
    const metrics = JSON.parse(readFileSync(join(stageDir(root, 'tiny-vae', 'evaluate'), 'metrics.json'), 'utf8')) as MetricsJson;
    expect(vae.result).toEqual(metrics);
    // The scores are named by the content of the weights that computed them, not only the spec.
    const weightsSha256 = createHash('sha256')
      .update(readFileSync(join(stageDir(root, 'tiny-evaluator', 'evaluator'), 'classifier', 'weights.bin')))
      .digest('hex');
    expect(metrics.evaluator).toEqual({
      name: 'tiny-evaluator',
      fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/),
      weights: weightsSha256.slice(0, 16),
      testAccuracy: expect.any(Number),
    });
    expect(metrics.epoch).toBe(2);
    expect(metrics.seed).toBe(vaeSpec.seed);
    const m = metrics.metrics;
    expect(m.fid).toMatchObject({
      samples: 100,
      reference: 'MNIST test set',
      referenceSamples: 200,
      definition: expect.stringContaining('Frechet'),
    });
    expect(m.is).toMatchObject({ splits: 5, samples: 100, definition: expect.stringContaining('KL') });
    expect(m.is.mean).toBeGreaterThanOrEqual(1);
    expect(m.modeCoverage.histogram.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    expect(m.precision).toMatchObject({ k: 3, samples: 100 });
    expect(m.reconstruction).toMatchObject({ samples: 200, scale: '[0, 1]' });
    expect(m.reconstruction!.mse).toBeGreaterThan(0);
    expect(m.reconstruction!.mse).toBeLessThan(1);
    expect(m.reconstruction!.bce).toBeGreaterThan(m.reconstruction!.mse);
    // The same numbers as TensorBoard scalars, read back by a reader independent of the writer.
    expect(vae.files).toContain('events.out.tfevents.genlab');
    const events = readTensorBoardEvents(join(stageDir(root, 'tiny-vae', 'evaluate'), 'events.out.tfevents.genlab'));
    const final = events.find((e) => e.step === 2 && 'metrics/fid/value' in e.scalars)!;
    expect(final.scalars['metrics/fid/value']).toBeCloseTo(m.fid.value, 3);
    expect(final.scalars['metrics/is/mean']).toBeCloseTo(m.is.mean, 4);
    expect(final.scalars['metrics/reconstruction/mse']).toBeCloseTo(m.reconstruction!.mse, 6);
    expect(final.scalars['reference/fid']).toBeCloseTo(metrics.reference!.fid!, 3);
    expect(Object.keys(final.scalars).some((k) => k.includes('histogram'))).toBe(false);
  });

  it('measures blur, recognisable digits, diversity and latent class separation', () => {
    const m = (vae.result as unknown as MetricsJson).metrics;
    expect(m.sharpness).toMatchObject({ samples: 100, realSamples: 200, definition: expect.stringContaining('Laplacian') });
    // Uniform noise is far "sharper" than digits; the ratio is samples over the real test images.
    expect(m.sharpness.ratio.laplacianVariance).toBeGreaterThan(1);
    expect(m.sharpness.ratio.laplacianVariance).toBeCloseTo(m.sharpness.laplacianVariance / m.sharpness.real.laplacianVariance, 12);
    expect(m.recognisable).toMatchObject({ threshold: 0.9, samples: 100 });
    expect(m.diversity.ratio).toBeCloseTo(m.diversity.value / m.diversity.real, 12);
    const lc = m.latentClasses!;
    expect(lc).toMatchObject({ k: 5, points: 60, chance: 0.1, definition: expect.stringContaining('nearest-neighbour') });
    expect(lc.epochs.map((e) => e.epoch)).toEqual([1, 2]);
    expect(lc.final).toBe(lc.epochs[1].accuracy);
    // 60 test digits, 6 per class: pixel-space 5-NN is well above chance (0.1).
    expect(lc.pixelAccuracy).toBeGreaterThan(0.3);
    const ref = (vae.result as unknown as MetricsJson).reference;
    expect(ref.sharpnessRatio.laplacianVariance).toBeGreaterThan(0.7);
    expect(ref.sharpnessRatio.laplacianVariance).toBeLessThan(1.3);
  });

  it('scores the class coverage of every sampled checkpoint and the final one, from the same latents', () => {
    const c = (vae.result as unknown as MetricsJson).metrics.coverageByEpoch;
    expect(c).toMatchObject({ samples: 100, definition: expect.stringContaining('same seeded') });
    expect(c.epochs.map((e) => e.epoch)).toEqual([1, 2]);
    for (const e of c.epochs) {
      expect(e.histogram.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
      expect(e.histogram.every((h) => Number.isInteger(h * 100))).toBe(true); // shares of 100 samples
    }
    // The final epoch's decoder, scored the same way, is the last entry.
    expect(c.epochs.at(-1)!.epoch).toBe((vae.result as unknown as MetricsJson).epoch);
  });

  it('scores classifier-FID and -IS of the same samples at every scored epoch, against the test set', async () => {
    const metrics = vae.result as unknown as MetricsJson;
    const s = metrics.metrics.scoresByEpoch;
    expect(s).toMatchObject({ samples: 100, reference: 'MNIST test set', referenceSamples: 200 });
    expect(s.definition).toMatch(/biased upwards/);
    expect(s.epochs.map((e) => e.epoch)).toEqual(metrics.metrics.coverageByEpoch.epochs.map((e) => e.epoch));
    // Untrained decoders of different seeds draw different images: the epochs' scores differ.
    expect(s.epochs[0].fid).not.toBe(s.epochs[1].fid);
    // Recomputed directly: the final checkpoint's samples through the evaluator, against the test set's features.
    const extractor = await loadEvaluatorExtractor(stageDir(root, 'tiny-evaluator', 'evaluator'));
    try {
      const train: UpstreamArtifact = {
        dir: stageDir(root, 'tiny-vae', 'train'),
        manifest: vaeTrain,
        manifestSha256: '',
        contentSha256: '',
      };
      const images = await epochSamples(train, 2, 'decoder', 100, vaeSpec.data.scale, vaeSpec.seed);
      const test = loadDataset(stageDir(root, 'tiny-vae', 'data'), 'test');
      const d = extractor.featureDim;
      const real = await extractor.extract(test.images, test.count);
      const drawn = await extractor.extract(images, 100);
      const last = s.epochs.at(-1)!;
      expect(last.epoch).toBe(2);
      expect(last.fid).toBeCloseTo(frechetDistance(featureStats(drawn.features, 100, d), featureStats(real.features, test.count, d)), 9);
      expect(last.is).toEqual({ ...inceptionScore(drawn.probs, 100, CLASSES, 5), splits: 5 });
      // The same samples as the class histogram of that epoch.
      expect(metrics.metrics.coverageByEpoch.epochs.at(-1)).toEqual({ epoch: 2, ...modeCoverage(drawn.probs, 100, CLASSES) });
    } finally {
      extractor.dispose?.();
    }
    const events = readTensorBoardEvents(join(stageDir(root, 'tiny-vae', 'evaluate'), 'events.out.tfevents.genlab'));
    for (const e of s.epochs) {
      const at = events.find((x) => x.step === e.epoch && 'metrics/scoresByEpoch/fid' in x.scalars)!;
      expect(at.scalars['metrics/scoresByEpoch/fid']).toBeCloseTo(e.fid, 3);
      expect(at.scalars['metrics/scoresByEpoch/is']).toBeCloseTo(e.is.mean, 4);
    }
    expect(events.find((x) => x.step === 1)!.scalars['metrics/latentClasses/accuracy']).toBeCloseTo(
      metrics.metrics.latentClasses!.epochs[0].accuracy,
      5,
    );
  });

  it('puts noise far from the test set and real training digits close to it (reference row)', () => {
    const metrics = vae.result as unknown as MetricsJson;
    expect(metrics.reference).toMatchObject({ samples: 100, definition: expect.stringContaining('real training images') });
    expect(metrics.metrics.fid.value).toBeGreaterThan(5 * metrics.reference.fid);
    expect(metrics.reference.precision).toBeGreaterThan(0.5);
    expect(metrics.metrics.precision.value).toBeLessThan(0.1);
    expect(metrics.reference.is.mean).toBeGreaterThan(metrics.metrics.is.mean);
  });

  it('writes PCA and UMAP latent maps for the asked epochs and the final one', () => {
    const metrics = vae.result as unknown as MetricsJson;
    expect(metrics.latent).toEqual([
      { epoch: 1, method: 'pca', file: 'latent/epoch-0001-pca.json' },
      { epoch: 1, method: 'umap', file: 'latent/epoch-0001-umap.json' },
      { epoch: 2, method: 'pca', file: 'latent/epoch-0002-pca.json' },
      { epoch: 2, method: 'umap', file: 'latent/epoch-0002-umap.json' },
    ]);
    expect(vae.files).toEqual(expect.arrayContaining(['metrics.json', ...metrics.latent.map((l) => l.file)]));
    const map = JSON.parse(readFileSync(join(stageDir(root, 'tiny-vae', 'evaluate'), 'latent/epoch-0002-pca.json'), 'utf8'));
    expect(map).toMatchObject({ epoch: 2, method: 'pca' });
    expect(map.points).toHaveLength(60);
    expect(new Set(map.points.map((p: number[]) => p[2]))).toEqual(new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    expect(map.points.every((p: number[]) => p.length === 3 && p.every(Number.isFinite))).toBe(true);
  });

  it('scores GAN samples without reconstruction or latent maps; real digits score like the reference', async () => {
    const m = (await evaluate(ganSpec)).result as unknown as MetricsJson;
    expect(m.metrics.reconstruction).toBeUndefined();
    expect(m.latent).toEqual([]);
    expect(m.metrics.is.splits).toBe(10);
    expect(m.metrics.scoresByEpoch.epochs.map((e) => [e.epoch, e.is.splits])).toEqual([[1, 10]]);
    expect(m.metrics.scoresByEpoch.samples).toBe(120);
    expect(m.reference.samples).toBe(120);
    expect(m.metrics.precision.value).toBeGreaterThan(0.5);
    expect(m.metrics.fid.value).toBeLessThan(3 * m.reference.fid + 1);
    expect(m.metrics.latentClasses).toBeUndefined();
    // Real digits as samples: as sharp as the test images, give or take the subset.
    expect(m.metrics.sharpness.ratio.gradientMagnitude).toBeGreaterThan(0.8);
    expect(m.metrics.sharpness.ratio.gradientMagnitude).toBeLessThan(1.25);
  });

  it('refuses to run without the evaluator artifact, naming it', async () => {
    const run = runExperimentStage(root, { ...ganSpec, name: 'no-evaluator' }, 'evaluate', runEvaluateStage as never, {
      data: upstreamOf(root, 'tiny-gan', 'data'),
      train: upstreamOf(root, 'tiny-gan', 'train'),
      sample: upstreamOf(root, 'tiny-gan', 'sample'),
    });
    await expect(run).rejects.toThrow(ArtifactError);
    await expect(run).rejects.toThrow(/needs the evaluator artifact/);
    expect(existsSync(stageDir(root, 'no-evaluator', 'evaluate'))).toBe(false);
  });
});
