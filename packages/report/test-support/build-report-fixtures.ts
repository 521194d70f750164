import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { runStage, type Manifest, type StageContext, type StageResult } from '@genlab/artifacts';
// read-mnist.ts only: the package index also loads tfjs, which the report must not need.
import { readMnist } from '@genlab/data/read-mnist';
import { artifactDir, fingerprint, reportSlice, type ExperimentStage, type ReportSpec } from '@genlab/spec';
import { runReportStage } from '../src/run-report-stage';
import {
  FIXTURE_EPOCHS,
  FIXTURE_EVALUATOR,
  FIXTURE_REFERENCE,
  FIXTURE_SAMPLE_EPOCHS,
  FIXTURE_VARIANTS,
  klFromUniform,
  type FixtureVariant,
} from './fixture-values';

// Real artifact folders for the report tests, written by runStage so every manifest (slices,
// fingerprints, upstream hashes, file lists) is genuine. Only the numbers are declared values.

const SIDE = 4; // grids of 4 x 4 digits, [112, 112] pixels
const BACKEND = { name: 'wasm', threads: 2, simd: true, kernels: ['Conv2DBackpropInput', 'Conv2DBackpropFilter'] };

type Digits = { images: Uint8Array; labels: Uint8Array };

/** A [112, 112] grey PNG of 16 MNIST test digits, noisier at earlier epochs (fixed pseudo-noise). */
async function gridPng(digits: Digits, offset: number, epoch: number): Promise<Buffer> {
  const px = SIDE * 28;
  const out = Buffer.alloc(px * px);
  const noise = 0.6 / epoch;
  let state = 12345 + offset * 7 + epoch;
  for (let i = 0; i < SIDE * SIDE; i++) {
    const img = digits.images.subarray((offset + i) * 784, (offset + i + 1) * 784);
    for (let p = 0; p < 784; p++) {
      state = (state * 1103515245 + 12345) >>> 0;
      const v = img[p] * (1 - noise) + (state / 2 ** 32) * 255 * noise;
      out[(Math.floor(i / SIDE) * 28 + Math.floor(p / 28)) * px + (i % SIDE) * 28 + (p % 28)] = Math.round(v);
    }
  }
  return sharp(out, { raw: { width: px, height: px, channels: 1 } })
    .png()
    .toBuffer();
}

/** Clusters per digit that separate as training goes on: [x, y, label] like evaluate's PCA maps. */
function latentPoints(epoch: number, seed: number): [number, number, number][] {
  const pts: [number, number, number][] = [];
  let state = seed;
  const rand = () => (state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32 - 0.5;
  for (let label = 0; label < 10; label++) {
    for (let i = 0; i < 20; i++) {
      const r = epoch;
      pts.push([r * Math.cos((2 * Math.PI * label) / 10) + rand() * 2, r * Math.sin((2 * Math.PI * label) / 10) + rand() * 2, label]);
    }
  }
  return pts;
}

interface StageDef {
  stage: ExperimentStage;
  slice: Record<string, unknown>;
  upstream: ExperimentStage[];
  backend?: typeof BACKEND | null;
  write: (outDir: string) => Promise<Record<string, unknown>>;
}

async function runFixtureStage(root: string, fv: FixtureVariant, def: StageDef): Promise<Manifest> {
  const at = (stage: string) => artifactDir(root, fv.experiment, fv.variant, stage as ExperimentStage);
  return runStage({
    root,
    name: fv.experiment,
    variant: fv.variant,
    stage: def.stage,
    spec: {},
    slice: def.slice,
    fingerprint: fingerprint(def.stage, def.slice),
    formatVersion: 1,
    seed: fv.seed ?? 42,
    dir: at(def.stage),
    upstreamDirs: Object.fromEntries(def.upstream.map((s) => [s, { dir: at(s), name: fv.experiment, variant: fv.variant, stage: s }])),
    packageVersion: '0.1.0',
    run: async (ctx: StageContext<unknown>): Promise<StageResult> => ({
      result: await def.write(ctx.outDir),
      backend: def.backend ?? null,
    }),
  });
}

const pad = (e: number) => String(e).padStart(4, '0');

function stageDefs(fv: FixtureVariant, digits: Digits, offset: number): StageDef[] {
  const seed = fv.seed ?? 42;
  const counts = Array.from({ length: 10 }, (_, d) => digits.labels.slice(0, 1000).filter((l) => l === d).length);
  return [
    {
      stage: 'data',
      slice: { seed, data: { dataset: 'mnist', trainLimit: 1000, testLimit: 200, scale: fv.kind === 'gan' ? 'signed' : 'unit' } },
      upstream: [],
      write: async (dir) => {
        writeFileSync(join(dir, 'test-labels.u8'), digits.labels.slice(0, 200));
        return {
          train: { count: 1000, classCounts: counts },
          test: { count: 200, classCounts: counts.map((c) => Math.round(c / 5)) },
          scale: fv.kind === 'gan' ? 'signed' : 'unit',
        };
      },
    },
    {
      stage: 'model',
      slice: { seed, model: { kind: fv.kind, latentDim: fv.latentDim } },
      upstream: [],
      write: async (dir) => {
        writeFileSync(join(dir, 'architecture.json'), JSON.stringify({ kind: fv.kind, latentDim: fv.latentDim }));
        return {
          kind: fv.kind,
          latentDim: fv.latentDim,
          params: { ...fv.params, total: Object.values(fv.params).reduce((s, n) => s + n, 0) },
        };
      },
    },
    {
      stage: 'train',
      slice: { seed, train: { epochs: FIXTURE_EPOCHS.length, batchSize: 32 } },
      upstream: ['data', 'model'],
      backend: BACKEND,
      write: (dir) => writeTrain(dir, fv, digits, offset),
    },
    {
      stage: 'sample',
      slice: { seed, sample: { epochs: FIXTURE_SAMPLE_EPOCHS, grid: SIDE } },
      upstream: ['model', 'train'],
      backend: BACKEND,
      write: (dir) => writeSample(dir, digits, offset),
    },
    {
      stage: 'evaluate',
      slice: { seed, evaluate: { evaluator: 'evaluator', samples: 1000 } },
      upstream: ['data', 'sample'],
      backend: BACKEND,
      write: async (dir) => writeEvaluate(dir, fv),
    },
  ];
}

async function writeTrain(dir: string, fv: FixtureVariant, digits: Digits, offset: number): Promise<Record<string, unknown>> {
  mkdirSync(join(dir, 'grids'));
  const lines = FIXTURE_EPOCHS.map((epoch, i) => {
    const losses = Object.fromEntries(Object.entries(fv.losses).map(([k, v]) => [k, v[i]]));
    return JSON.stringify({
      epoch,
      step: epoch * 32,
      seconds: fv.trainSeconds / FIXTURE_EPOCHS.length,
      imagesPerSec: fv.imagesPerSec,
      ...losses,
    });
  });
  writeFileSync(join(dir, 'losses.jsonl'), lines.join('\n') + '\n');
  for (const e of FIXTURE_EPOCHS) writeFileSync(join(dir, 'grids', `epoch-${pad(e)}.png`), await gridPng(digits, offset, e));
  const last = FIXTURE_EPOCHS.length - 1;
  return {
    epochs: FIXTURE_EPOCHS.length,
    checkpoints: [FIXTURE_EPOCHS[last]],
    finalLosses: Object.fromEntries(Object.entries(fv.losses).map(([k, v]) => [k, v[last]])),
    trainSeconds: fv.trainSeconds,
    imagesPerSec: fv.imagesPerSec,
    backend: BACKEND,
  };
}

async function writeSample(dir: string, digits: Digits, offset: number): Promise<Record<string, unknown>> {
  mkdirSync(join(dir, 'grids'));
  const grids: Record<string, string> = {};
  for (const e of FIXTURE_SAMPLE_EPOCHS) {
    grids[String(e)] = `grids/epoch-${pad(e)}.png`;
    writeFileSync(join(dir, grids[String(e)]), await gridPng(digits, offset, e));
  }
  writeFileSync(join(dir, 'samples.u8'), digits.images.subarray(offset * 784, (offset + 16) * 784));
  return { count: 16, epochs: FIXTURE_SAMPLE_EPOCHS, samplesFile: 'samples.u8', grids };
}

function writeEvaluate(dir: string, fv: FixtureVariant): Record<string, unknown> {
  const latent =
    fv.kind === 'vae' ? FIXTURE_SAMPLE_EPOCHS.map((epoch) => ({ epoch, method: 'pca', file: `latent/epoch-${pad(epoch)}-pca.json` })) : [];
  if (latent.length > 0) mkdirSync(join(dir, 'latent'));
  for (const l of latent)
    writeFileSync(join(dir, l.file), JSON.stringify({ epoch: l.epoch, method: 'pca', points: latentPoints(l.epoch, fv.latentDim) }));
  const metrics: Record<string, unknown> = {
    fid: { value: fv.fid, definition: 'Fréchet distance of evaluator features', samples: 1000, reference: 'MNIST test set' },
    is: { ...fv.is, splits: 10, definition: 'exp E KL(p(y|x) || p(y)) of evaluator probabilities' },
    modeCoverage: {
      histogram: fv.histogram,
      classesCovered: fv.histogram.filter((n) => n > 0).length,
      klFromUniform: klFromUniform(fv.histogram),
    },
    precision: { value: fv.precision, k: 3 },
    recall: { value: fv.recall, k: 3 },
    ...(fv.reconstruction ? { reconstruction: { ...fv.reconstruction, samples: 200, scale: '[0, 1]' } } : {}),
    sharpness: { ratio: { laplacianVariance: fv.sharpness[0], gradientMagnitude: fv.sharpness[1] } },
    recognisable: { value: fv.recognisable, threshold: 0.9 },
    diversity: { ratio: fv.diversityRatio },
    ...(fv.coverage
      ? {
          coverageByEpoch: {
            samples: 1000,
            epochs: fv.coverage.map((counts, i) => ({
              epoch: FIXTURE_EPOCHS[i],
              histogram: counts.map((c) => c / 1000),
              classesCovered: 10,
              klFromUniform: klFromUniform(counts),
            })),
          },
        }
      : {}),
    ...(fv.epochFid
      ? {
          scoresByEpoch: {
            samples: 1000,
            epochs: fv.epochFid.map((fid, i) => ({ epoch: FIXTURE_EPOCHS[i], fid, is: { mean: fv.is.mean, std: fv.is.std, splits: 10 } })),
          },
        }
      : {}),
    ...(fv.latentKnn
      ? {
          latentClasses: {
            k: 5,
            chance: 0.1,
            pixelAccuracy: 0.83,
            epochs: FIXTURE_SAMPLE_EPOCHS.map((epoch, i) => ({ epoch, accuracy: fv.latentKnn![i] })),
            final: fv.latentKnn[fv.latentKnn.length - 1],
          },
        }
      : {}),
  };
  const out = {
    evaluator: fv.evaluator ?? FIXTURE_EVALUATOR,
    epoch: FIXTURE_EPOCHS[FIXTURE_EPOCHS.length - 1],
    metrics,
    reference: FIXTURE_REFERENCE,
    latent,
    seed: fv.seed ?? 42,
  };
  writeFileSync(join(dir, 'metrics.json'), JSON.stringify(out, null, 2));
  return out;
}

/** Writes data..evaluate for every fixture variant under `<root>/artifacts`; returns the report's upstream. */
export async function buildReportFixtures(
  root: string,
  variants: FixtureVariant[] = FIXTURE_VARIANTS,
): Promise<Record<string, { dir: string; name: string; variant: string; stage: string }>> {
  const test = readMnist().test;
  const digits = { images: test.images, labels: test.labels };
  const upstream: Record<string, { dir: string; name: string; variant: string; stage: string }> = {};
  for (const [i, fv] of variants.entries()) {
    for (const def of stageDefs(fv, digits, i * SIDE * SIDE)) await runFixtureStage(root, fv, def);
    upstream[`${fv.experiment}/${fv.variant}`] = {
      dir: artifactDir(root, fv.experiment, fv.variant, 'evaluate'),
      name: fv.experiment,
      variant: fv.variant,
      stage: 'evaluate',
    };
  }
  return upstream;
}

export const FIXTURE_REPORT: ReportSpec = {
  name: 'fixture-report',
  title: 'GAN vs VAE on MNIST (fixture)',
  description: 'Built from fixture artifacts by the report tests.',
  experiments: ['fixture-gan', 'fixture-vae', 'fixture-sweep'],
  sampleEpochs: [],
  figureExperiments: [],
  paperFigures: true,
  claims: { gan: 'fixture-gan', vae: 'fixture-vae', latentSweeps: ['fixture-sweep'] },
  figureTitles: { 'metric-fid': 'FID of every variant (overridden title)' },
};

/** Runs the report stage through runStage, as the CLI does; returns its manifest and folder. */
export async function runFixtureReport(
  root: string,
  upstream: Awaited<ReturnType<typeof buildReportFixtures>>,
  spec: ReportSpec = FIXTURE_REPORT,
): Promise<{ dir: string; manifest: Manifest }> {
  const slice = reportSlice(spec);
  const dir = artifactDir(root, spec.name, 'default', 'report');
  const manifest = await runStage({
    root,
    name: spec.name,
    variant: 'default',
    stage: 'report',
    spec,
    slice,
    fingerprint: fingerprint('report', slice),
    formatVersion: 1,
    seed: null,
    dir,
    upstreamDirs: upstream,
    packageVersion: '0.1.0',
    run: runReportStage,
  });
  return { dir, manifest };
}
