import { packageCode, stagePackages, TFJS_PACKAGES, type Stage } from '@genlab/spec';

const TFJS = TFJS_PACKAGES;

/** Nx `inputs` of a stage target: fingerprint, code, installed tfjs, upstream manifests. */
export function stageInputs(stage: Stage, fingerprint: string): unknown[] {
  // The same files stageCodeHash hashes: each package's code folders (tests left out) and files.
  const code = stagePackages(stage).flatMap((p) => {
    const { dirs, files } = packageCode(p);
    return [
      ...dirs.flatMap((d) => [`{workspaceRoot}/packages/${p}/${d}/**/*`, `!{workspaceRoot}/packages/${p}/${d}/**/*.test.ts`]),
      ...files.map((f) => `{workspaceRoot}/packages/${p}/${f}`),
    ];
  });
  return [
    // The stage's slice of the spec, hashed by @genlab/spec at graph time; echo makes it an input.
    { runtime: `echo ${stage}:${fingerprint}` },
    ...code,
    ...(stage === 'report' ? [] : [{ externalDependencies: TFJS }]),
    { dependentTasksOutputFiles: '**/manifest.json', transitive: true },
  ];
}
