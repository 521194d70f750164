import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll } from 'vitest';
import { STAGE_FORMAT_VERSIONS, experimentSlice, fingerprint, loadSpecFile, type ExperimentSpec, type ExperimentStage, type LoadedExperiment } from '@genlab/spec';
import { runStage, type Manifest, type RunStageOptions, type StageContext, type StageResult } from '../src/index';

// Test support, outside src/ so no stage key covers it: one way for the stage packages' tests to
// make a temporary workspace and run an experiment stage in it through runStage, as the CLI does
// (the same format versions, the repository's package version).

/** The version `genlab stage` records: the repository's package.json. */
export const PACKAGE_VERSION = (JSON.parse(readFileSync(resolve(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { version: string }).version;

const made: string[] = [];
// Registered when a test file first imports this module: its temporary folders go when the file's tests are done.
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A temporary folder under the OS temp dir, removed after the test file that made it. */
export function tempRoot(prefix = 'genlab-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** A validated, defaulted experiment spec from YAML text (as `genlab` would load it). */
export function experimentSpec(yaml: string): ExperimentSpec {
  return (loadSpecFile('experiments/test/experiment.yaml', yaml) as LoadedExperiment).variants[0].spec;
}

export const stageDir = (root: string, name: string, stage: string) => join(root, 'artifacts', name, 'default', stage);

export type StageFn = (ctx: StageContext<ExperimentSpec>) => Promise<StageResult>;
type UpstreamDir = RunStageOptions<ExperimentSpec>['upstreamDirs'][string];

/**
 * Runs one experiment stage of `spec` in `root` through runStage. `upstream`: each upstream stage's
 * folder (of the same experiment), or its full description; `dirName` lets a test keep two outputs.
 */
export function runExperimentStage(
  root: string,
  spec: ExperimentSpec,
  stage: ExperimentStage,
  run: StageFn,
  upstream: Partial<Record<string, string | UpstreamDir>> = {},
  dirName: string = stage,
): Promise<Manifest> {
  const slice = experimentSlice(spec, stage);
  const upstreamDirs = Object.fromEntries(
    Object.entries(upstream).map(([s, u]) => [s, typeof u === 'string' ? { dir: u, name: spec.name, variant: 'default', stage: s } : u!]),
  );
  return runStage<ExperimentSpec>({
    root, name: spec.name, variant: 'default', stage, spec, slice,
    fingerprint: fingerprint(stage, slice), formatVersion: STAGE_FORMAT_VERSIONS[stage], seed: spec.seed,
    dir: stageDir(root, spec.name, dirName), upstreamDirs, packageVersion: PACKAGE_VERSION, run,
  });
}
