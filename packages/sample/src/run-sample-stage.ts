import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { initBackend, type tf } from '@genlab/backend';
import { ArtifactError, backendProvenance, Progress, type StageContext, type StageResult, type UpstreamArtifact } from '@genlab/artifacts';
import { createRng, deriveSeed, encodeGridPng, loadDataset } from '@genlab/data';
import { disposeNetworks, loadNetworks } from '@genlab/models';
import type { ExperimentSpec } from '@genlab/spec';
import { drawSamples } from './draw-samples';
import { importSamples } from './import-samples';
import { interpolateLatents } from './interpolate-latents';
import { normalLatents } from './normal-latents';
import { reconstructImages } from './reconstruct-images';
import { renderLatents } from './render-latents';
import { epochName, trainCheckpoints } from './train-checkpoints';

export const SAMPLES_FILE = 'samples.u8';
export const RECONSTRUCTIONS_FILE = 'reconstructions.png';

/**
 * The `sample` stage (paper figure 1): for each requested epoch and the final one, a grid from
 * a fixed noise and a latent interpolation strip; from the final checkpoint, `sample.count`
 * samples (samples.u8) and, for a VAE, test images above their reconstructions.
 */
export async function runSampleStage(ctx: StageContext<ExperimentSpec>): Promise<StageResult> {
  if (ctx.spec.samples) return importSamples(ctx);
  const info = await initBackend(ctx.spec.backend);
  const { sample, model } = ctx.spec;
  const { final, dirs } = trainCheckpoints(upstreamOf(ctx, 'train'), sample.epochs);
  const latents = fixedLatents(ctx.spec);
  const grids: Record<string, string> = {};
  const interpolations: Record<string, string> = {};
  mkdirSync(join(ctx.outDir, 'grids'), { recursive: true });
  for (const [epoch, dir] of dirs) {
    const files = await sampleEpoch(ctx, epoch, dir, latents, epoch === final);
    grids[epoch] = files.grid;
    interpolations[epoch] = files.interpolation;
  }
  const reconstructions =
    model.kind === 'vae' && sample.reconstructions > 0 ? await writeReconstructions(ctx, dirs.get(final) as string) : undefined;
  ctx.log.info(
    { epochs: [...dirs.keys()], count: sample.count },
    `sampled epochs ${[...dirs.keys()].join(', ')}; ${sample.count} samples from epoch ${final}`,
  );
  return {
    result: {
      kind: model.kind,
      count: sample.count,
      epochs: [...dirs.keys()],
      finalEpoch: final,
      samplesFile: SAMPLES_FILE,
      grids,
      interpolations,
      ...(reconstructions ? { reconstructions } : {}),
    },
    backend: backendProvenance(info),
  };
}

/**
 * Fixed latents: the seed and latentDim alone decide them, so every epoch and every experiment
 * with the same seed and latentDim shows the same z, and grids differ only by the model.
 */
function fixedLatents(spec: ExperimentSpec): { grid: Float32Array; path: Float32Array } {
  const { seed, sample, model } = spec;
  const dim = model.latentDim;
  const grid = normalLatents(createRng(deriveSeed(seed, 'sample', 'grid')), sample.grid * sample.grid, dim);
  const ends = normalLatents(createRng(deriveSeed(seed, 'sample', 'interpolation')), 2, dim);
  return { grid, path: interpolateLatents(ends.subarray(0, dim), ends.subarray(dim), sample.interpolationSteps) };
}

/** One checkpoint: its grid and interpolation strip, and for the final one samples.u8. */
async function sampleEpoch(
  ctx: StageContext<ExperimentSpec>,
  epoch: number,
  dir: string,
  z: { grid: Float32Array; path: Float32Array },
  final: boolean,
): Promise<{ grid: string; interpolation: string }> {
  const { sample, model, data } = ctx.spec;
  const name = model.kind === 'gan' ? 'generator' : 'decoder';
  const files = { grid: `grids/${epochName(epoch)}.png`, interpolation: `interpolation-${epochName(epoch)}.png` };
  const nets = await loadNetworks(dir, [name]);
  try {
    const n = sample.grid * sample.grid;
    const grid = renderLatents(nets[name], z.grid, n, model.latentDim, data.scale);
    writeFileSync(join(ctx.outDir, files.grid), await encodeGridPng(grid, n, sample.grid));
    const strip = renderLatents(nets[name], z.path, sample.interpolationSteps, model.latentDim, data.scale);
    writeFileSync(join(ctx.outDir, files.interpolation), await encodeGridPng(strip, sample.interpolationSteps, sample.interpolationSteps));
    if (final) writeSamples(ctx, nets[name]);
  } finally {
    disposeNetworks(nets);
  }
  return files;
}

function writeSamples(ctx: StageContext<ExperimentSpec>, sampler: tf.LayersModel): void {
  const { seed, sample, model, data } = ctx.spec;
  const progress = new Progress({ label: 'samples', total: sample.count, unit: 'images', log: ctx.log });
  let pixels: Uint8Array;
  try {
    pixels = drawSamples(sampler, sample.count, model.latentDim, createRng(deriveSeed(seed, 'sample', 'samples')), data.scale, (done) =>
      progress.update(done),
    );
  } finally {
    progress.end();
  }
  writeFileSync(join(ctx.outDir, SAMPLES_FILE), pixels);
}

/** Top row: the first `sample.reconstructions` test images; bottom row: their reconstructions. */
async function writeReconstructions(ctx: StageContext<ExperimentSpec>, dir: string): Promise<string> {
  const test = loadDataset(upstreamOf(ctx, 'data').dir, 'test');
  const n = Math.min(ctx.spec.sample.reconstructions, test.count);
  const inputs = test.images.subarray(0, n * 784);
  const nets = await loadNetworks(dir, ['encoder', 'decoder']);
  try {
    const recon = reconstructImages(nets.encoder, nets.decoder, inputs, n, ctx.spec.data.scale);
    const both = new Uint8Array(2 * n * 784);
    both.set(inputs, 0);
    both.set(recon, n * 784);
    writeFileSync(join(ctx.outDir, RECONSTRUCTIONS_FILE), await encodeGridPng(both, 2 * n, n));
    return RECONSTRUCTIONS_FILE;
  } finally {
    disposeNetworks(nets);
  }
}

function upstreamOf(ctx: StageContext<ExperimentSpec>, stage: 'data' | 'train'): UpstreamArtifact {
  const u = ctx.upstream[stage];
  if (!u) throw new ArtifactError(ctx.outDir, `the sample stage needs the ${stage} artifact as upstream '${stage}'; none was given`);
  return u;
}
