import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import {
  FAILED_FILE,
  acquireStageLock,
  currentProcess,
  lockFileOf,
  lockWaiters,
  processStartTicks,
  runStage,
  stageWorkDir,
} from '@genlab/artifacts';
import { TINY_EVALUATOR, TINY_GAN, makeTempWorkspace, writeSpecs } from '@genlab/cli/test-support/temp-workspace';
import { STAGE_FORMAT_VERSIONS, artifactDir, experimentSlice, fingerprint, loadWorkspace } from '@genlab/spec';
import { readRuns } from './run-states';

const root = makeTempWorkspace(
  {
    'g/experiment.yaml': `name: g\n${TINY_GAN.replace(/^train: .*$/m, 'train: { epochs: 10, batchSize: 25, checkpointEvery: 2 }')}`,
    'evaluator/evaluator.yaml': TINY_EVALUATOR,
  },
  { packages: false },
);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const stages = () =>
  Object.fromEntries(
    readRuns(root)
      .runs.find((r) => r.key === 'g/default')!
      .stages.map((s) => [s.stage, `${s.state}${s.detail ? `: ${s.detail}` : ''}`]),
  );
const spec = () => loadWorkspace(root).experiments[0].variants[0].spec;

/** Waits for a condition of the file system (a hang guard, not a timing assertion: vitest's timeout). */
async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setTimeout(r, 10));
}

it('reads each stage state: done, stale with the fields that changed, running with epochs, steps and ETA, waiting on a lock, stopped, failed with its error line', async () => {
  expect(stages()).toEqual({ data: 'missing', model: 'missing', train: 'missing', sample: 'missing', evaluate: 'missing' });
  // A real data artifact from the current slice (runStage, as the stage would write it).
  const slice = experimentSlice(spec(), 'data');
  await runStage({
    root,
    name: 'g',
    variant: 'default',
    stage: 'data',
    spec: {},
    slice,
    fingerprint: fingerprint('data', slice),
    formatVersion: STAGE_FORMAT_VERSIONS.data,
    seed: 3,
    dir: artifactDir(root, 'g', 'default', 'data'),
    upstreamDirs: {},
    packageVersion: '0.1.0',
    run: async () => ({ result: {} }),
  });
  expect(stages().data).toBe('done');
  writeSpecs(root, {
    'g/experiment.yaml': `name: g\n${TINY_GAN.replace('trainLimit: 100', 'trainLimit: 200').replace(/^train: .*$/m, 'train: { epochs: 10, batchSize: 25, checkpointEvery: 2 }')}`,
  });
  expect(stages().data).toBe('stale: changed data.trainLimit');

  const train = stageWorkDir(root, {
    name: 'g',
    variant: 'default',
    stage: 'train',
    fingerprint: fingerprint('train', experimentSlice(spec(), 'train')),
  });
  mkdirSync(train, { recursive: true });
  writeFileSync(join(train, 'losses.jsonl'), '{"epoch":1,"seconds":4}\n{"epoch":2,"seconds":6}\n');
  expect(stages().train).toBe('stopped: 2/10 epochs; genlab run resumes it');
  // A training stopped by a signal leaves failed.json too; it is stopped, not failed.
  writeFileSync(join(train, FAILED_FILE), JSON.stringify({ error: 'TrainingInterrupted', message: 'interrupted at epoch 3, step 2' }));
  expect(stages().train).toBe('stopped: 2/10 epochs; genlab run resumes it');
  writeFileSync(
    lockFileOf(artifactDir(root, 'g', 'default', 'train')),
    JSON.stringify({ ...currentProcess(), since: new Date().toISOString() }),
  );
  // 8 epochs left at 5 s each.
  expect(stages().train).toBe('running: 2/10 epochs, ETA 40s');
  // Steps of epoch 3 landing (4 steps per epoch): 1 of its 4 steps done, 7.75 epochs left.
  writeFileSync(join(train, 'losses.jsonl'), '{"epoch":1,"step":4,"steps":4,"seconds":4}\n{"epoch":2,"step":8,"steps":4,"seconds":6}\n');
  writeFileSync(
    join(train, 'step-losses.jsonl'),
    [7, 8, 9].map((step) => `{"step":${step},"epoch":${step <= 8 ? 2 : 3},"dLoss":0.7}\n`).join('') + '{"step":10,"ep',
  );
  expect(stages().train).toBe('running: 2/10 epochs, step 1/4 of epoch 3, ETA 39s');
  rmSync(lockFileOf(artifactDir(root, 'g', 'default', 'train')));
  expect(stages().train).toBe('stopped: 2/10 epochs; genlab run resumes it');

  // Waiting on a lock: a process (here a child, alive) holds train's lock for an earlier
  // configuration, and a second genlab process waits for it to compute the current one.
  const trainDir = artifactDir(root, 'g', 'default', 'train');
  const holder = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  try {
    const other = {
      ...currentProcess(),
      pid: holder.pid!,
      startTicks: processStartTicks(holder.pid!),
      since: '2026-12-03T10:00:00.000Z',
      fingerprint: 'fedcba9876543210',
    };
    writeFileSync(lockFileOf(trainDir), JSON.stringify(other));
    const fp = fingerprint('train', experimentSlice(spec(), 'train'));
    const waiting = acquireStageLock(trainDir, { wait: true, pollMs: 20, fingerprint: fp });
    await until(() => lockWaiters(trainDir).length === 1);
    expect(stages().train).toBe(
      `waiting: on the lock of pid ${holder.pid} on ${hostname()} since 10:00:00, which runs an earlier configuration (fedcba9876543210)`,
    );
    // The holder at the current configuration instead: running, with the waiter counted.
    writeFileSync(lockFileOf(trainDir), JSON.stringify({ ...other, fingerprint: fp }));
    expect(stages().train).toBe('running: 2/10 epochs, step 1/4 of epoch 3, ETA 39s; 1 more waiting on its lock');
    holder.kill('SIGKILL');
    (await waiting).release();
  } finally {
    holder.kill('SIGKILL');
  }
  expect(lockWaiters(trainDir)).toEqual([]);

  const sample = stageWorkDir(root, {
    name: 'g',
    variant: 'default',
    stage: 'sample',
    fingerprint: fingerprint('sample', experimentSlice(spec(), 'sample')),
  });
  mkdirSync(sample, { recursive: true });
  writeFileSync(
    join(sample, FAILED_FILE),
    JSON.stringify({ error: 'ArtifactError', message: 'artifacts/g/default/train: losses.jsonl is missing' }),
  );
  expect(stages().sample).toBe('failed: ArtifactError: artifacts/g/default/train: losses.jsonl is missing');
});

it('a spec being edited into invalid YAML is reported, not thrown', () => {
  writeSpecs(root, { 'g/experiment.yaml': 'name: g\nmodel: [' });
  const s = readRuns(root);
  expect(s.runs).toEqual([]);
  expect(s.specError).toMatch(/experiment\.yaml:\d+:\d+/);
});
