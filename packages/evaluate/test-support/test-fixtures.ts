import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runStage, type Manifest } from '@genlab/artifacts';
import { PACKAGE_VERSION, runExperimentStage, stageDir } from '@genlab/artifacts/test-support/stage-runner';
import { runDataStage } from '@genlab/data';
import { buildNetworks, disposeNetworks, saveNetworks } from '@genlab/models';
import { STAGE_FORMAT_VERSIONS, evaluatorSlice, fingerprint, type EvaluatorSpec, type ExperimentSpec } from '@genlab/spec';
import { runEvaluatorStage } from '../src/run-evaluator-stage';

// Test support, outside src/ so no stage key covers it (editing it reruns nothing): tiny specs and hand-made upstream artifacts, so the
// evaluate stage is tested without importing @genlab/train or @genlab/sample (package cut).

/**
 * A tiny classifier: one strided conv and a 16-feature dense layer, 500 images, 1 epoch of 50
 * steps. Larger than the pipeline tests' TINY_EVALUATOR (@genlab/spec/test-support/tiny-specs: 4
 * filters, 10 steps) on purpose: these tests check that it beats chance. An object, not YAML,
 * because the tests call the evaluator stage directly with variations of it.
 */
export function tinyEvaluatorSpec(over: Partial<EvaluatorSpec> = {}): EvaluatorSpec {
  return {
    name: 'tiny-evaluator',
    description: '',
    seed: 3,
    backend: 'auto',
    trainLimit: 500,
    network: [
      { type: 'conv2d', filters: 8, kernel: 3, strides: 2, padding: 'same', activation: 'relu', alpha: 0.2, useBias: true },
      { type: 'flatten' },
      { type: 'dense', units: 16, activation: 'relu', alpha: 0.2, useBias: true },
    ],
    epochs: 1,
    batchSize: 10,
    learningRate: 0.003,
    learningRateDecay: 1,
    minAccuracy: 0,
    pinned: null,
    ...over,
  };
}

export function runEvaluatorFixture(root: string, dir: string, spec: EvaluatorSpec): Promise<Manifest> {
  const slice = evaluatorSlice(spec);
  return runStage({
    root,
    name: spec.name,
    variant: 'default',
    stage: 'evaluator',
    spec,
    slice,
    fingerprint: fingerprint('evaluator', slice),
    formatVersion: STAGE_FORMAT_VERSIONS.evaluator,
    seed: spec.seed,
    dir,
    upstreamDirs: {},
    packageVersion: PACKAGE_VERSION,
    run: runEvaluatorStage,
  });
}

export { experimentSpec, runExperimentStage, stageDir } from '@genlab/artifacts/test-support/stage-runner';

export const upstreamOf = (root: string, name: string, stage: string) => ({
  dir: stageDir(root, name, stage),
  name,
  variant: 'default',
  stage,
});

/** The data stage for real (MNIST subset). */
export const dataFixture = (root: string, spec: ExperimentSpec) => runExperimentStage(root, spec, 'data', runDataStage as never);

/** A train artifact whose checkpoints are untrained networks, one seed per epoch (as train writes them). */
export function trainFixture(root: string, spec: ExperimentSpec, epochs: number[]): Promise<Manifest> {
  return runExperimentStage(root, spec, 'train', async ({ outDir }) => {
    for (const epoch of epochs) {
      const nets = buildNetworks(spec.model, spec.seed + epoch);
      await saveNetworks(nets, join(outDir, 'checkpoints', `epoch-${String(epoch).padStart(4, '0')}`));
      disposeNetworks(nets);
    }
    return { result: { epochs: Math.max(...epochs), checkpoints: epochs } };
  });
}

/** A sample artifact holding the given uint8 images as samples.u8, with grids listed at `epochs`. */
export function sampleFixture(root: string, spec: ExperimentSpec, images: Uint8Array, epochs: number[] = []): Promise<Manifest> {
  return runExperimentStage(root, spec, 'sample', async ({ outDir }) => {
    writeFileSync(join(outDir, 'samples.u8'), images);
    return { result: { count: images.length / 784, samplesFile: 'samples.u8', epochs, grids: {} } };
  });
}
