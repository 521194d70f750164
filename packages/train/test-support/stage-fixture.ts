import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runStage, type Manifest, type StageContext, type StageResult } from '@genlab/artifacts';
import { runDataStage } from '@genlab/data';
import { runModelStage } from '@genlab/models';
import { STAGE_FORMAT_VERSIONS, experimentSlice, fingerprint, loadSpecFile, type ExperimentSpec, type ExperimentStage, type LoadedExperiment } from '@genlab/spec';

// Test support (not part of the package's production code): a temporary workspace with real
// data and model artifacts made through runStage, as the CLI would make them.

/** Tiny networks so a stage test trains in seconds; the paper presets have their own test. */
export const TINY_GAN = `
model:
  kind: gan
  latentDim: 8
  generator:
    - { type: dense, units: 392, activation: leakyRelu }
    - { type: reshape, targetShape: [7, 7, 8] }
    - { type: conv2dTranspose, filters: 4, kernel: 3, strides: 2, activation: leakyRelu }
    - { type: conv2dTranspose, filters: 1, kernel: 3, strides: 2, activation: tanh }
  discriminator:
    - { type: conv2d, filters: 4, kernel: 3, strides: 2, activation: leakyRelu }
    - { type: conv2d, filters: 8, kernel: 3, strides: 2, activation: leakyRelu }
    - { type: flatten }
    - { type: dense, units: 1 }
`;

export const TINY_VAE = `
data: { scale: unit }
model:
  kind: vae
  latentDim: 2
  encoder:
    - { type: conv2d, filters: 4, kernel: 3, strides: 2, activation: leakyRelu }
    - { type: flatten }
    - { type: dense, units: 16, activation: leakyRelu }
  decoder:
    - { type: dense, units: 196, activation: leakyRelu }
    - { type: reshape, targetShape: [7, 7, 4] }
    - { type: conv2dTranspose, filters: 4, kernel: 3, strides: 2, activation: leakyRelu }
    - { type: conv2dTranspose, filters: 1, kernel: 3, strides: 2, activation: sigmoid }
`;

/** A validated, defaulted experiment spec from YAML text (as `genlab` would load it). */
export function experimentSpec(yaml: string): ExperimentSpec {
  const loaded = loadSpecFile('experiments/test/experiment.yaml', yaml) as LoadedExperiment;
  return loaded.variants[0].spec;
}

export function tempRoot(): string {
  return mkdtempSync(join(tmpdir(), 'genlab-train-'));
}

export type StageFn = (ctx: StageContext<ExperimentSpec>) => Promise<StageResult>;

/** Runs one experiment stage in `root` through runStage; `dirName` lets a test keep two outputs. */
export function runExperimentStage(
  root: string,
  spec: ExperimentSpec,
  stage: ExperimentStage,
  run: StageFn,
  upstream: Partial<Record<ExperimentStage, string>> = {},
  dirName: string = stage,
): Promise<Manifest> {
  const slice = experimentSlice(spec, stage);
  return runStage<ExperimentSpec>({
    root, name: spec.name, variant: 'default', stage, spec, slice,
    fingerprint: fingerprint(stage, slice), formatVersion: STAGE_FORMAT_VERSIONS[stage], seed: spec.seed,
    dir: join(root, 'artifacts', spec.name, 'default', dirName),
    upstreamDirs: Object.fromEntries(Object.entries(upstream).map(([s, dir]) => [s, { dir: dir as string, name: spec.name, variant: 'default', stage: s }])),
    packageVersion: '0.0.0-test',
    run,
  });
}

/** Data and model artifacts for `spec` in `root`: the upstream of a train stage. */
export async function makeUpstream(root: string, spec: ExperimentSpec): Promise<{ data: string; model: string }> {
  const data = join(root, 'artifacts', spec.name, 'default', 'data');
  const model = join(root, 'artifacts', spec.name, 'default', 'model');
  await runExperimentStage(root, spec, 'data', runDataStage);
  await runExperimentStage(root, spec, 'model', runModelStage);
  return { data, model };
}
