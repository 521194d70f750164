import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, tf } from '@genlab/backend';
import { StageError } from '@genlab/artifacts';
import { packageCodeHash, stageCodeHash } from '@genlab/spec';
import { TINY_GAN_MODEL } from '@genlab/spec/test-support/tiny-specs';
import { experimentSpec, makeUpstream, runExperimentStage, tempRoot } from '../test-support/stage-fixture';
import { readTensorBoardEvents } from '@genlab/artifacts/test-support/read-tensorboard-events';
import type { LossRow } from './loss-row';
import type { StepLossRow } from './step-losses';
import { runTrainStage, type TrainStageOptions } from './run-train-stage';
import { TrainingInterrupted } from './training-interrupted';

// Tiny GAN, 120 images, batch 32 (4 steps per epoch, the last one of 24 images), 2 epochs.
const spec = experimentSpec(`name: train-stage
data: { trainLimit: 120, testLimit: 20 }
${TINY_GAN_MODEL}
train: { epochs: 2, batchSize: 32, checkpointEvery: 1, sampleGrid: 3 }
`);
const root = tempRoot();
let upstream: { data: string; model: string };

const train = (opts: TrainStageOptions, dirName = 'train') =>
  runExperimentStage(root, spec, 'train', (ctx) => runTrainStage(ctx, { progress: 'log', ...opts }), upstream, dirName);
const lossesOf = (dir: string): LossRow[] =>
  readFileSync(join(dir, 'losses.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
const workDir = join(root, 'artifacts', '.work', spec.name, 'default');
const lossValues = (rows: LossRow[]) => rows.map((r) => [r.dLoss, r.gLoss]);
const stepLossesOf = (dir: string): StepLossRow[] =>
  readFileSync(join(dir, 'step-losses.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));

beforeAll(async () => {
  upstream = await makeUpstream(root, spec);
});

describe('runTrainStage', () => {
  let first: { dir: string; rows: LossRow[] };

  it('trains, writes losses, grids and checkpoints, and leaks no tensors between epochs', async () => {
    const counts: number[] = [];
    const before = tf.memory().numTensors;
    const m = await train({ onEpochEnd: () => counts.push(tf.memory().numTensors) });
    expect(tf.memory().numTensors).toBe(before); // networks, optimisers and the dataset freed
    const dir = join(root, 'artifacts', spec.name, 'default', 'train');
    const rows = lossesOf(dir);
    first = { dir, rows };
    expect(rows.map((r) => [r.epoch, r.step, r.steps])).toEqual([
      [1, 4, 4],
      [2, 8, 4],
    ]);
    for (const r of rows) for (const v of [r.dLoss, r.gLoss, r.seconds, r.imagesPerSec]) expect(Number.isFinite(v)).toBe(true);
    expect(counts[1]).toBe(counts[0]);
    expect(readdirSync(join(dir, 'grids'))).toEqual(['epoch-0001.png', 'epoch-0002.png']);
    for (const e of ['epoch-0001', 'epoch-0002']) {
      for (const f of [
        'generator/model.json',
        'generator/weights.bin',
        'discriminator/weights.bin',
        'optimizer.json',
        'optimizer.weights.bin',
        'state.json',
      ]) {
        expect(existsSync(join(dir, 'checkpoints', e, f)), `${e}/${f}`).toBe(true);
      }
    }
    expect(m.result).toMatchObject({
      epochs: 2,
      checkpoints: [1, 2],
      resumedFrom: null,
      finalLosses: { dLoss: rows[1].dLoss, gLoss: rows[1].gLoss },
    });
    expect(m.backend?.name).toBe((await initBackend('auto')).name); // 'native' runs on tfjs's wasm backend
    // On native, which oneDNN and which kernel code trained it (the report's provenance shows both).
    if (m.backend?.name === 'native')
      expect(m.backend).toMatchObject({
        onednn: expect.stringMatching(/^oneDNN \d+\.\d+\.\d+/),
        nativeCode: packageCodeHash('backend-native'),
      });
    else expect(m.backend).not.toHaveProperty('nativeCode');
    expect(m.files).toContain('losses.jsonl');
    expect(existsSync(workDir) ? readdirSync(workDir) : []).toEqual([]);
    // The TensorBoard file, read back by a reader independent of its writer: each epoch's losses
    // at the global step it ended on, and its grid (the very PNG bytes of grids/).
    // Every step's losses, as they were appended during training: 4 steps per epoch, whose means
    // are the epoch's means in losses.jsonl.
    expect(m.files).toContain('step-losses.jsonl');
    const steps = stepLossesOf(dir);
    expect(steps.map((r) => [r.step, r.epoch])).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((s) => [s, s <= 4 ? 1 : 2]));
    for (const [i, r] of rows.entries()) {
      const ofEpoch = steps.filter((s) => s.epoch === r.epoch);
      expect(ofEpoch.reduce((a, s) => a + s.dLoss, 0) / ofEpoch.length).toBeCloseTo(rows[i].dLoss, 6);
    }
    expect(m.files).toContain('events.out.tfevents.genlab');
    const all = readTensorBoardEvents(join(dir, 'events.out.tfevents.genlab'));
    expect(all[0].fileVersion).toBe('brain.Event:2');
    // Per step: loss_per_step/<name> at steps 1..8, in order, with the step's own values.
    const perStep = all.slice(1).filter((e) => 'loss_per_step/dLoss' in e.scalars);
    expect(perStep.map((e) => [e.step, Object.keys(e.scalars).sort()])).toEqual(
      steps.map((s) => [s.step, ['loss_per_step/dLoss', 'loss_per_step/gLoss']]),
    );
    for (const [i, e] of perStep.entries()) expect(e.scalars['loss_per_step/gLoss']).toBeCloseTo(steps[i].gLoss, 5);
    expect(all.slice(1).map((e) => e.step)).toEqual([1, 2, 3, 4, 4, 5, 6, 7, 8, 8]);
    // Per epoch: the means and the grid at the step the epoch ended on.
    const events = all.slice(1).filter((e) => 'epoch' in e.scalars);
    expect(events.map((e) => [e.step, Object.keys(e.scalars).sort(), Object.keys(e.images)])).toEqual(
      [1, 2].map((epoch) => [epoch * 4, ['epoch', 'loss/dLoss', 'loss/gLoss'], ['samples']]),
    );
    for (const [i, e] of events.entries()) {
      expect(e.scalars['loss/dLoss']).toBeCloseTo(rows[i].dLoss, 5);
      expect(e.scalars.epoch).toBe(i + 1);
      expect(e.images.samples.encoded.equals(readFileSync(join(dir, 'grids', `epoch-000${i + 1}.png`)))).toBe(true);
    }
  });

  it('gives identical losses for the same seed on the same backend', async () => {
    await train({}, 'train-again');
    expect(lossValues(lossesOf(join(root, 'artifacts', spec.name, 'default', 'train-again')))).toEqual(lossValues(first.rows));
  });

  it('resumes a killed run from its last checkpoint and continues exactly', async () => {
    const killed = train({ stopAfterEpoch: 1 }, 'train-resumed');
    await expect(killed).rejects.toBeInstanceOf(TrainingInterrupted);
    const dir = join(root, 'artifacts', spec.name, 'default', 'train-resumed');
    expect(existsSync(dir)).toBe(false);
    const resumed = await train({}, 'train-resumed');
    expect(resumed.result).toMatchObject({ epochs: 2, resumedFrom: 1, checkpoints: [1, 2] });
    const log = readFileSync(join(dir, 'log.jsonl'), 'utf8');
    expect(log).toContain('resuming from the checkpoint of epoch 1');
    expect(lossValues(lossesOf(dir))).toEqual(lossValues(first.rows));
    // The killed run's step lines up to its checkpoint stay; the rest are written again, once.
    expect(readFileSync(join(dir, 'step-losses.jsonl'), 'utf8')).toBe(readFileSync(join(first.dir, 'step-losses.jsonl'), 'utf8'));
  });

  it('resumes after its data and model stages were rebuilt with the same files (new manifests)', async () => {
    await expect(train({ stopAfterEpoch: 1 }, 'train-rebuilt')).rejects.toBeInstanceOf(TrainingInterrupted);
    const manifestBefore = readFileSync(join(upstream.data, 'manifest.json'), 'utf8');
    // Rebuilt from scratch, as Nx reruns them when code they run changed: same files, later `created`.
    for (const dir of [upstream.data, upstream.model]) rmSync(dir, { recursive: true });
    upstream = await makeUpstream(root, spec);
    expect(readFileSync(join(upstream.data, 'manifest.json'), 'utf8')).not.toBe(manifestBefore);
    const resumed = await train({}, 'train-rebuilt');
    expect(resumed.result).toMatchObject({ epochs: 2, resumedFrom: 1 });
    expect(lossValues(lossesOf(join(root, 'artifacts', spec.name, 'default', 'train-rebuilt')))).toEqual(lossValues(first.rows));
  });

  it('records which code trained which epochs when it resumes after the code changed', async () => {
    await expect(train({ stopAfterEpoch: 1 }, 'train-other-code')).rejects.toBeInstanceOf(TrainingInterrupted);
    const [stateFile] = readdirSync(workDir).map((d) => join(workDir, d, 'checkpoints', 'epoch-0001', 'state.json'));
    const state = JSON.parse(readFileSync(stateFile!, 'utf8'));
    expect(state.code).toEqual([{ fromEpoch: 1, codeHash: stageCodeHash('train') }]);
    writeFileSync(stateFile!, JSON.stringify({ ...state, code: [{ fromEpoch: 1, codeHash: 'earlier-code' }] }));
    const resumed = await train({}, 'train-other-code');
    expect(resumed.result).toMatchObject({
      resumedFrom: 1,
      trainingCode: [
        { fromEpoch: 1, codeHash: 'earlier-code' },
        { fromEpoch: 2, codeHash: stageCodeHash('train') },
      ],
    });
    expect(readFileSync(join(root, 'artifacts', spec.name, 'default', 'train-other-code', 'log.jsonl'), 'utf8')).toContain(
      'epochs 1..1 were trained by other code (code hash earlier-code',
    );
  });

  it('starts over when its checkpoint was trained on other data', async () => {
    await expect(train({ stopAfterEpoch: 1 }, 'train-other-data')).rejects.toBeInstanceOf(TrainingInterrupted);
    const [stateDir] = readdirSync(workDir).map((d) => join(workDir, d, 'checkpoints', 'epoch-0001'));
    const stateFile = join(stateDir!, 'state.json');
    const state = JSON.parse(readFileSync(stateFile, 'utf8'));
    writeFileSync(stateFile, JSON.stringify({ ...state, upstream: { ...state.upstream, data: 'f'.repeat(64) } }));
    const fresh = await train({}, 'train-other-data');
    expect(fresh.result).toMatchObject({ epochs: 2, resumedFrom: null });
    expect(readFileSync(join(root, 'artifacts', spec.name, 'default', 'train-other-data', 'log.jsonl'), 'utf8')).toContain(
      'trained on other data or model artifacts',
    );
  });

  it('stops at the next step boundary on SIGINT and keeps the last checkpoint', async () => {
    const before = process.listenerCount('SIGINT');
    const run = train({ onEpochEnd: (row) => row.epoch === 1 && process.emit('SIGINT') }, 'train-interrupted');
    await expect(run).rejects.toThrow(/interrupted at epoch 2, step 1; the checkpoint of epoch 1 stays/);
    expect(process.listenerCount('SIGINT')).toBe(before);
    const ckpts = readdirSync(join(workDir, readdirSync(workDir)[0], 'checkpoints'));
    expect(ckpts).toEqual(['epoch-0001']);
    const resumed = await train({}, 'train-interrupted');
    expect(resumed.result).toMatchObject({ resumedFrom: 1, epochs: 2 });
  });

  it('stops with a StageError naming epoch and step when a loss is not finite', async () => {
    // Epoch 1 trains normally and leaves its checkpoint; the rerun's absurd learning rate (beyond
    // the schema's limit, so set on the object) blows the weights up in epoch 2.
    await expect(train({ stopAfterEpoch: 1 }, 'train-nan')).rejects.toBeInstanceOf(TrainingInterrupted);
    const wild = structuredClone(spec);
    wild.train.optimizer.learningRate = 1e30;
    // The stage runs under the original spec's fingerprint, so it finds the same workDir.
    const run = runExperimentStage(
      root,
      spec,
      'train',
      (ctx) => runTrainStage({ ...ctx, spec: wild }, { progress: 'log' }),
      upstream,
      'train-nan',
    );
    const err = await run.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StageError);
    expect((err as Error).message).toMatch(/(dLoss|gLoss) became (NaN|-?Infinity) at epoch 2, step \d of 4/);
    const ckpts = readdirSync(join(workDir, readdirSync(workDir)[0], 'checkpoints'));
    expect(ckpts).toEqual(['epoch-0001']);
  });
});
