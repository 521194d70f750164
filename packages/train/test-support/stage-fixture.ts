import { join } from 'node:path';
import { runExperimentStage } from '@genlab/artifacts/test-support/stage-runner';
import { runDataStage } from '@genlab/data';
import { runModelStage } from '@genlab/models';
import type { ExperimentSpec } from '@genlab/spec';

// Test support (not part of the package's production code): a temporary workspace with real
// data and model artifacts made through runStage, as the CLI would make them.

export { experimentSpec, runExperimentStage, tempRoot, type StageFn } from '@genlab/artifacts/test-support/stage-runner';

/** Data and model artifacts for `spec` in `root`: the upstream of a train stage. */
export async function makeUpstream(root: string, spec: ExperimentSpec): Promise<{ data: string; model: string }> {
  const data = join(root, 'artifacts', spec.name, 'default', 'data');
  const model = join(root, 'artifacts', spec.name, 'default', 'model');
  await runExperimentStage(root, spec, 'data', runDataStage);
  await runExperimentStage(root, spec, 'model', runModelStage);
  return { data, model };
}
