import { join } from 'node:path';
import type { StageContext, StageResult } from '@genlab/artifacts';
import { runExperimentStage } from '@genlab/artifacts/test-support/stage-runner';
import { runDataStage } from '@genlab/data';
import { buildNetworks, disposeNetworks, runModelStage, saveNetworks } from '@genlab/models';
import type { ExperimentSpec } from '@genlab/spec';

// Test support (not production code): a temporary workspace with real data and model artifacts
// and a train artifact whose checkpoints are untrained networks written by saveNetworks (seeded
// differently per epoch, so grids of different epochs differ), all made through runStage.

export { experimentSpec, runExperimentStage, tempRoot } from '@genlab/artifacts/test-support/stage-runner';

/** A train artifact with checkpoints of `epochs` (untrained networks, seeded by epoch). */
async function fakeTrain(ctx: StageContext<ExperimentSpec>, epochs: number[]): Promise<StageResult> {
  for (const epoch of epochs) {
    const nets = buildNetworks(ctx.spec.model, 1000 + epoch);
    await saveNetworks(nets, join(ctx.outDir, 'checkpoints', `epoch-${String(epoch).padStart(4, '0')}`));
    disposeNetworks(nets);
  }
  return { result: { epochs: epochs[epochs.length - 1], checkpoints: epochs } };
}

/** data, model and (fake) train artifacts for `spec`; returns the upstream folders of sample. */
export async function makeTrainedUpstream(
  root: string,
  spec: ExperimentSpec,
  epochs: number[],
): Promise<Record<'data' | 'model' | 'train', string>> {
  const dir = (s: string) => join(root, 'artifacts', spec.name, 'default', s);
  await runExperimentStage(root, spec, 'data', runDataStage);
  await runExperimentStage(root, spec, 'model', runModelStage);
  await runExperimentStage(root, spec, 'train', (ctx) => fakeTrain(ctx, epochs), { data: dir('data'), model: dir('model') });
  return { data: dir('data'), model: dir('model'), train: dir('train') };
}
