import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { backendProvenance, Progress, type StageContext, type StageResult, type UpstreamArtifact } from '@genlab/artifacts';
import { initBackend } from '@genlab/backend';
import { balancedSubset, createRng, deriveSeed, loadDataset, type Dataset, type PixelScale } from '@genlab/data';
import { loadNetworks } from '@genlab/models';
import { artifactDir, type ExperimentSpec } from '@genlab/spec';
import { CLASSES } from './build-classifier';
import { COVERAGE_SAMPLES, coverageByEpoch, scoreEpoch, type EpochCoverage, type EpochScores } from './coverage-by-epoch';
import { loadEvaluatorExtractor } from './evaluator-extractor';
import type { FeatureExtractor } from './feature-extractor';
import { featureStats, type FeatureStats } from './feature-stats';
import { pickRows } from './gather-images';
import { loadGraphModelExtractor } from './graph-model-extractor';
import { writeLatentMaps, type LatentMapEntry } from './latent-maps';
import { knnAccuracy, KNN_K } from './knn-accuracy';
import { writeEvaluateEvents } from './evaluate-events';
import { metricsJson, type LatentClasses, type MetricsJson, type SharpnessInput } from './metrics-json';
import { checkpointDir, finalEpoch, readEarlierSamples, readSamples, requireUpstream } from './read-artifact-files';
import { reconstructionError, type ReconstructionError } from './reconstruction-error';
import { scoreSet, type ReferenceSide, type ScoreOptions, type SetScores } from './score-set';
import { sharpness } from './sharpness';
import { withinClassDiversity } from './within-class-diversity';

export const METRICS_FILE = 'metrics.json';
/** The reference row uses at most this many real training images (docs/artifacts.md). */
export const MAX_REFERENCE_IMAGES = 10000;

/**
 * The `evaluate` stage (paper 3.5, 3.8, 3.8.3, figure 2): scores the sample stage's images
 * against the test set on the evaluator's features (classifier-FID, classifier-IS, mode
 * coverage, precision/recall), the same for real training images as a reference row, and for a
 * VAE the reconstruction error and latent maps. Writes metrics.json (and the same numbers as a
 * TensorBoard events file) and returns it.
 */
export async function runEvaluateStage(ctx: StageContext<ExperimentSpec>): Promise<StageResult> {
  const spec = ctx.spec;
  const info = await initBackend(spec.backend);
  const [sample, data] = ['sample', 'data'].map((s) => requireUpstream(ctx.upstream, s, stageDir(ctx)));
  // Imported samples (samples.from) have no train artifact: no checkpoints to decode, no VAE parts.
  const train = spec.samples ? undefined : requireUpstream(ctx.upstream, 'train', stageDir(ctx));
  const extractor = await loadExtractor(ctx);
  try {
    const test = loadDataset(data.dir, 'test');
    const {
      scores,
      reference,
      referenceSamples,
      samples,
      sharpness: sharp,
      testStats,
    } = await scoreAll(ctx, extractor, sample, loadDataset(data.dir, 'train'), test);
    let epoch: number;
    let vae: Awaited<ReturnType<typeof vaeMetrics>> | undefined;
    let coverage: EpochCoverage[];
    let epochScores: EpochScores[];
    let coverageSamples: number;
    if (!train) {
      // The file is one epoch's samples: its class coverage is the one just measured on all of
      // them. Earlier epochs' files (samples.earlierEpochs) are scored on as many.
      epoch = (spec.samples as { epoch: number }).epoch;
      coverage = [];
      epochScores = [];
      for (const earlier of readEarlierSamples(sample, samples)) {
        const scored = await scoreEpoch(earlier.epoch, earlier.images, samples, {
          extractor,
          reference: testStats,
          isSplits: spec.evaluate.isSplits,
        });
        coverage.push(scored.coverage);
        epochScores.push(scored.scores);
      }
      coverage.push({ epoch, ...scores.modeCoverage });
      epochScores.push({ epoch, fid: scores.fid, is: scores.is });
      coverageSamples = samples;
    } else {
      epoch = finalEpoch(train);
      vae = spec.model.kind === 'vae' ? await vaeMetrics(ctx, train, test, dataScale(data, spec), epoch) : undefined;
      coverageSamples = Math.min(COVERAGE_SAMPLES, spec.evaluate.samples);
      ({ coverage, scores: epochScores } = await coverageByEpoch({
        train,
        epochs: coverageEpochs(sample, train, epoch),
        network: spec.model.kind === 'vae' ? 'decoder' : 'generator',
        count: coverageSamples,
        scale: dataScale(data, spec),
        seed: spec.seed,
        extractor,
        reference: testStats,
        isSplits: spec.evaluate.isSplits,
      }));
    }
    const metrics: MetricsJson = metricsJson({
      evaluator: {
        name: extractor.name,
        fingerprint: extractor.fingerprint,
        weights: extractor.weights,
        testAccuracy: extractor.testAccuracy ?? null,
      },
      epoch,
      seed: spec.seed,
      samples,
      testCount: test.count,
      scores,
      reference,
      referenceSamples,
      reconstruction: vae?.reconstruction,
      latent: vae?.latent ?? [],
      sharpness: sharp,
      latentClasses: vae?.latentClasses,
      coverageByEpoch: coverage,
      scoresByEpoch: epochScores,
      coverageSamples,
    });
    writeFileSync(join(ctx.outDir, METRICS_FILE), JSON.stringify(metrics, null, 2) + '\n');
    writeEvaluateEvents(ctx.outDir, metrics);
    ctx.log.info(
      { fid: scores.fid, is: scores.is.mean, precision: scores.precision, recall: scores.recall, referenceFid: reference.fid },
      `classifier-FID ${scores.fid.toFixed(3)}, classifier-IS ${scores.is.mean.toFixed(3)}`,
    );
    return {
      result: metrics as unknown as Record<string, unknown>,
      backend: backendProvenance(info),
    };
  } finally {
    extractor.dispose?.();
  }
}

function loadExtractor(ctx: StageContext<ExperimentSpec>): Promise<FeatureExtractor> {
  const features = ctx.spec.evaluate.features;
  if (features.kind === 'graph-model') return loadGraphModelExtractor(features, ctx.root);
  return loadEvaluatorExtractor(requireUpstream(ctx.upstream, 'evaluator', stageDir(ctx)).dir);
}

/**
 * The samples' and the reference row's scores, both against the same test-side statistics,
 * which it returns for the per-epoch scores (computed once).
 */
async function scoreAll(
  ctx: StageContext<ExperimentSpec>,
  extractor: FeatureExtractor,
  sample: UpstreamArtifact,
  trainSet: Dataset,
  test: Dataset,
): Promise<{
  scores: SetScores;
  reference: SetScores;
  referenceSamples: number;
  samples: number;
  sharpness: SharpnessInput;
  testStats: FeatureStats;
}> {
  const ev = ctx.spec.evaluate;
  const seed = ctx.spec.seed;
  const d = extractor.featureDim;
  const opts: ScoreOptions = {
    featureDim: d,
    classes: CLASSES,
    isSplits: ev.isSplits,
    k: ev.precisionRecallK,
    prSamples: ev.precisionRecallSamples,
  };
  const drawn = readSamples(sample, importedWant(ctx, sample));
  const referenceSamples = Math.min(drawn.count, trainSet.count, MAX_REFERENCE_IMAGES);
  // One line for the three feature passes (test set, samples, real reference images).
  const progress = new Progress({ label: 'features', total: test.count + drawn.count + referenceSamples, unit: 'images', log: ctx.log });
  let passed = 0;
  const extract = async (images: Uint8Array, count: number) => {
    const out = await extractor.extract(images, count, (done) => progress.update(passed + done));
    passed += count;
    return out;
  };
  try {
    const testOut = await extract(test.images, test.count);
    const prIdx = balancedSubset(
      test.labels,
      Math.min(ev.precisionRecallSamples, test.count),
      createRng(deriveSeed(seed, 'evaluate-pr-real')),
    );
    const ref: ReferenceSide = {
      stats: featureStats(testOut.features, test.count, d),
      prFeatures: pickRows(testOut.features, prIdx, d),
      prCount: prIdx.length,
      diversity: withinClassDiversity(testOut.features, testOut.probs, test.count, d, CLASSES),
    };

    const scores: SetScores = scoreSet({ ...(await extract(drawn.images, drawn.count)), count: drawn.count }, ref, opts);

    const refIdx = balancedSubset(trainSet.labels, referenceSamples, createRng(deriveSeed(seed, 'evaluate-reference')));
    const real = await extract(pickRows(trainSet.images, refIdx, 784), referenceSamples);
    const reference = scoreSet({ ...real, count: referenceSamples }, ref, opts);
    const sharp: SharpnessInput = {
      samples: sharpness(drawn.images, drawn.count),
      real: sharpness(test.images, test.count),
      reference: sharpness(pickRows(trainSet.images, refIdx, 784), referenceSamples),
      realSamples: test.count,
    };
    return { scores, reference, referenceSamples, samples: drawn.count, sharpness: sharp, testStats: ref.stats };
  } finally {
    progress.end();
  }
}

/**
 * Reconstruction error at the final epoch; latent maps at evaluate.latent.epochs + final, and
 * the k-NN class separation of the same latent means (against the same images' pixels).
 */
async function vaeMetrics(
  ctx: StageContext<ExperimentSpec>,
  train: UpstreamArtifact,
  test: Dataset,
  scale: PixelScale,
  epoch: number,
): Promise<{ reconstruction: ReconstructionError; latent: LatentMapEntry[]; latentClasses: LatentClasses }> {
  const nets = await loadNetworks(checkpointDir(train, epoch), ['encoder', 'decoder']);
  let reconstruction: ReconstructionError;
  try {
    reconstruction = reconstructionError(nets.encoder, nets.decoder, test.images, test.count, scale);
  } finally {
    Object.values(nets).forEach((n) => n.dispose());
  }
  const latentSpec = ctx.spec.evaluate.latent;
  const idx = balancedSubset(test.labels, Math.min(latentSpec.points, test.count), createRng(deriveSeed(ctx.spec.seed, 'evaluate-latent')));
  const images = pickRows(test.images, idx, 784);
  const labels = pickRows(test.labels, idx, 1);
  const byEpoch: { epoch: number; accuracy: number }[] = [];
  const latent = await writeLatentMaps({
    train,
    epochs: [...new Set([...latentSpec.epochs, epoch])].sort((a, b) => a - b),
    methods: latentSpec.methods,
    images,
    labels,
    count: idx.length,
    scale,
    seed: ctx.spec.seed,
    outDir: ctx.outDir,
    log: ctx.log,
    onMeans: (e, means, dim) => byEpoch.push({ epoch: e, accuracy: knnAccuracy(means, labels, idx.length, dim) }),
  });
  const latentClasses: LatentClasses = {
    k: KNN_K,
    points: idx.length,
    chance: 1 / CLASSES,
    pixelAccuracy: knnAccuracy(images, labels, idx.length, 784),
    epochs: byEpoch,
    final: (byEpoch.find((b) => b.epoch === epoch) as { accuracy: number }).accuracy,
  };
  ctx.log.info(
    { ...reconstruction, latentMaps: latent.length, latentKnn: latentClasses.final, pixelKnn: latentClasses.pixelAccuracy },
    `reconstruction mse ${reconstruction.mse.toFixed(4)}, bce ${reconstruction.bce.toFixed(4)}; latent ${KNN_K}-NN accuracy ${latentClasses.final.toFixed(3)} (pixels ${latentClasses.pixelAccuracy.toFixed(3)})`,
  );
  return { reconstruction, latent, latentClasses };
}

/** The sample stage's grid epochs that have a train checkpoint, and the final epoch, ascending. */
function coverageEpochs(sample: UpstreamArtifact, train: UpstreamArtifact, final: number): number[] {
  const sampled = (sample.manifest.result as { epochs?: unknown }).epochs;
  const checkpoints = (train.manifest.result as { checkpoints?: unknown }).checkpoints;
  const have = new Set(Array.isArray(checkpoints) ? (checkpoints as number[]) : []);
  const wanted = Array.isArray(sampled) ? (sampled as number[]).filter((e) => have.has(e)) : [];
  return [...new Set([...wanted, final])].sort((a, b) => a - b);
}

/**
 * evaluate.samples, or for imported samples all the file holds when that is fewer: a file of
 * 2,000 images is scored on 2,000, and the log and metrics.json (each metric's `samples`) say so.
 */
function importedWant(ctx: StageContext<ExperimentSpec>, sample: UpstreamArtifact): number {
  const want = ctx.spec.evaluate.samples;
  const count = (sample.manifest.result as { count?: unknown }).count;
  if (!ctx.spec.samples || typeof count !== 'number' || count >= want) return want;
  ctx.log.warn({ want, count }, `evaluate.samples is ${want} but ${ctx.spec.samples.from} holds ${count} images: scoring all ${count}`);
  return count;
}

/** The pixel range the networks were trained at: the data artifact's, else the spec's. */
function dataScale(data: UpstreamArtifact, spec: ExperimentSpec): PixelScale {
  const scale = (data.manifest.result as { scale?: unknown }).scale;
  return scale === 'signed' || scale === 'unit' ? scale : spec.data.scale;
}

/** This stage's final folder, for error messages (ctx.outDir is a temporary sibling). */
function stageDir(ctx: StageContext<ExperimentSpec>): string {
  return artifactDir(ctx.root, ctx.name, ctx.variant, 'evaluate');
}
