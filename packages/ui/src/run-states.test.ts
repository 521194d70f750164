import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { FAILED_FILE, currentProcess, lockFileOf, runStage, stageWorkDir } from '@genlab/artifacts';
import { TINY_EVALUATOR, TINY_GAN, makeTempWorkspace, writeSpecs } from '@genlab/cli/test-support/temp-workspace';
import { STAGE_FORMAT_VERSIONS, artifactDir, experimentSlice, fingerprint, loadWorkspace } from '@genlab/spec';
import { readRuns } from './run-states';

const root = makeTempWorkspace({ 'g/experiment.yaml': `name: g\n${TINY_GAN.replace(/^train: .*$/m, 'train: { epochs: 10, batchSize: 25, checkpointEvery: 2 }')}`, 'evaluator/evaluator.yaml': TINY_EVALUATOR }, { packages: false });
afterAll(() => rmSync(root, { recursive: true, force: true }));

const stages = () => Object.fromEntries(readRuns(root).runs.find((r) => r.key === 'g/default')!.stages.map((s) => [s.stage, `${s.state}${s.detail ? `: ${s.detail}` : ''}`]));
const spec = () => loadWorkspace(root).experiments[0].variants[0].spec;

it('reads each stage state: done, stale with the fields that changed, running with epochs and ETA, stopped, failed with its error line', async () => {
  expect(stages()).toEqual({ data: 'missing', model: 'missing', train: 'missing', sample: 'missing', evaluate: 'missing' });
  // A real data artifact from the current slice (runStage, as the stage would write it).
  const slice = experimentSlice(spec(), 'data');
  await runStage({ root, name: 'g', variant: 'default', stage: 'data', spec: {}, slice, fingerprint: fingerprint('data', slice), formatVersion: STAGE_FORMAT_VERSIONS.data, seed: 3, dir: artifactDir(root, 'g', 'default', 'data'), upstreamDirs: {}, packageVersion: '0.1.0', run: async () => ({ result: {} }) });
  expect(stages().data).toBe('done');
  writeSpecs(root, { 'g/experiment.yaml': `name: g\n${TINY_GAN.replace('trainLimit: 100', 'trainLimit: 200').replace(/^train: .*$/m, 'train: { epochs: 10, batchSize: 25, checkpointEvery: 2 }')}` });
  expect(stages().data).toBe('stale: changed data.trainLimit');

  const train = stageWorkDir(root, { name: 'g', variant: 'default', stage: 'train', fingerprint: fingerprint('train', experimentSlice(spec(), 'train')) });
  mkdirSync(train, { recursive: true });
  writeFileSync(join(train, 'losses.jsonl'), '{"epoch":1,"seconds":4}\n{"epoch":2,"seconds":6}\n');
  expect(stages().train).toBe('stopped: 2/10 epochs; genlab run resumes it');
  // A training stopped by a signal leaves failed.json too; it is stopped, not failed.
  writeFileSync(join(train, FAILED_FILE), JSON.stringify({ error: 'TrainingInterrupted', message: 'interrupted at epoch 3, step 2' }));
  expect(stages().train).toBe('stopped: 2/10 epochs; genlab run resumes it');
  writeFileSync(lockFileOf(artifactDir(root, 'g', 'default', 'train')), JSON.stringify({ ...currentProcess(), since: new Date().toISOString() }));
  // 8 epochs left at 5 s each.
  expect(stages().train).toBe('running: 2/10 epochs, ETA 40s');
  rmSync(lockFileOf(artifactDir(root, 'g', 'default', 'train')));

  const sample = stageWorkDir(root, { name: 'g', variant: 'default', stage: 'sample', fingerprint: fingerprint('sample', experimentSlice(spec(), 'sample')) });
  mkdirSync(sample, { recursive: true });
  writeFileSync(join(sample, FAILED_FILE), JSON.stringify({ error: 'ArtifactError', message: 'artifacts/g/default/train: losses.jsonl is missing' }));
  expect(stages().sample).toBe('failed: ArtifactError: artifacts/g/default/train: losses.jsonl is missing');
});

it('a spec being edited into invalid YAML is reported, not thrown', () => {
  writeSpecs(root, { 'g/experiment.yaml': 'name: g\nmodel: [' });
  const s = readRuns(root);
  expect(s.runs).toEqual([]);
  expect(s.specError).toMatch(/experiment\.yaml:\d+:\d+/);
});
