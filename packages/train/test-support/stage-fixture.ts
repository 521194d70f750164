import { join } from 'node:path';
import { runExperimentStage } from '@genlab/artifacts/test-support/stage-runner';
import { runDataStage } from '@genlab/data';
import { runModelStage } from '@genlab/models';
import type { ExperimentSpec } from '@genlab/spec';

// Test support (not part of the package's production code): a temporary workspace with real
// data and model artifacts made through runStage, as the CLI would make them.

export { experimentSpec, runExperimentStage, tempRoot, type StageFn } from '@genlab/artifacts/test-support/stage-runner';

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

/** Data and model artifacts for `spec` in `root`: the upstream of a train stage. */
export async function makeUpstream(root: string, spec: ExperimentSpec): Promise<{ data: string; model: string }> {
  const data = join(root, 'artifacts', spec.name, 'default', 'data');
  const model = join(root, 'artifacts', spec.name, 'default', 'model');
  await runExperimentStage(root, spec, 'data', runDataStage);
  await runExperimentStage(root, spec, 'model', runModelStage);
  return { data, model };
}
