import type { Stage } from '@genlab/spec';

/**
 * The packages whose production code each stage runs (the stage's package and what it
 * imports). Their files are Nx inputs of the stage, so editing train code reruns train and
 * after, and editing report code reruns only reports.
 */
export const STAGE_PACKAGES: Record<Stage, string[]> = {
  data: ['spec', 'artifacts', 'backend', 'data'],
  model: ['spec', 'artifacts', 'backend', 'models'],
  train: ['spec', 'artifacts', 'backend', 'data', 'models', 'train'],
  sample: ['spec', 'artifacts', 'backend', 'data', 'models', 'sample'],
  evaluator: ['spec', 'artifacts', 'backend', 'data', 'models', 'evaluate'],
  evaluate: ['spec', 'artifacts', 'backend', 'data', 'models', 'evaluate'],
  report: ['spec', 'artifacts', 'report'],
};

const TFJS = ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm'];

/** Nx `inputs` of a stage target: fingerprint, code, installed tfjs, upstream manifests. */
export function stageInputs(stage: Stage, fingerprint: string): unknown[] {
  const code = STAGE_PACKAGES[stage].flatMap((p) => [
    `{workspaceRoot}/packages/${p}/src/**/*`,
    `!{workspaceRoot}/packages/${p}/src/**/*.test.ts`,
  ]);
  return [
    // The stage's slice of the spec, hashed by @genlab/spec at graph time; echo makes it an input.
    { runtime: `echo ${stage}:${fingerprint}` },
    ...code,
    ...(stage === 'report' ? [] : [{ externalDependencies: TFJS }]),
    { dependentTasksOutputFiles: '**/manifest.json', transitive: true },
  ];
}
