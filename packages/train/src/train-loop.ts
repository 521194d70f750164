import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { tf } from '@genlab/backend';
import type { Logger } from '@genlab/artifacts';
import { Rng, createRng, deriveSeed } from '@genlab/data';
import type { Networks } from '@genlab/models';
import type { ExperimentSpec } from '@genlab/spec';
import { checkpointName, writeCheckpoint, type CheckpointState } from './checkpoint';
import type { KindTrainer } from './kind-trainer';
import { latentTensor } from './latent-noise';
import type { LossRow } from './loss-row';
import { runEpoch } from './run-epoch';
import type { TrainProgress } from './train-progress';
import { TrainingInterrupted } from './training-interrupted';
import { writeSampleGrid } from './write-sample-grid';
import { LOSSES_FILE } from './work-folder';
import { STEP_LOSSES_FILE, appendStepLosses, keepStepLossesUpTo } from './step-losses';

export { LOSSES_FILE } from './work-folder';

export interface TrainHooks {
  /** Stop (TrainingInterrupted) after this epoch and its checkpoint, as a kill would: for tests. */
  stopAfterEpoch?: number;
  /** Stop at the next step boundary once aborted. */
  signal?: AbortSignal;
  /** After each epoch's files are written: for tests (leak checks) and callers' own progress. */
  onEpochEnd?: (row: LossRow) => void;
}

export interface TrainLoopInput {
  spec: ExperimentSpec;
  nets: Networks;
  trainer: KindTrainer;
  images: tf.Tensor4D;
  /** Folder for losses.jsonl, grids/ and checkpoints/ (the stage's persistent workDir). */
  dir: string;
  /** Where a killed run stopped, or a fresh start (epoch 0). */
  start: CheckpointState;
  log: Logger;
  progress: TrainProgress;
  hooks: TrainHooks;
}

/** The state a fresh run starts from: epoch 0 and the training stream of the experiment seed. */
export function initialState(spec: ExperimentSpec, upstream: Record<string, string>, codeHash: string): CheckpointState {
  return {
    epoch: 0,
    step: 0,
    rng: createRng(deriveSeed(spec.seed, 'train')).state(),
    history: [],
    trainSeconds: 0,
    upstream,
    code: [{ fromEpoch: 1, codeHash }],
  };
}

/** Epochs start.epoch + 1 .. train.epochs (paper 3.4); returns the state after the last one. */
export async function trainLoop(o: TrainLoopInput): Promise<CheckpointState> {
  const t = o.spec.train;
  const rng = Rng.fromState(o.start.rng);
  // Same noise every epoch (and after a resume), so the grids show the model changing, not z.
  const gridNoise = latentTensor(createRng(deriveSeed(o.spec.seed, 'train-grid')), t.sampleGrid * t.sampleGrid, o.trainer.latentDim);
  mkdirSync(o.dir, { recursive: true });
  writeFileSync(join(o.dir, LOSSES_FILE), o.start.history.map((r) => JSON.stringify(r) + '\n').join(''));
  keepStepLossesUpTo(join(o.dir, STEP_LOSSES_FILE), o.start.step);
  let state = o.start;
  try {
    for (let epoch = state.epoch + 1; epoch <= t.epochs; epoch++) {
      state = await trainOneEpoch(o, state, epoch, rng, gridNoise);
      if (o.hooks.stopAfterEpoch === epoch && epoch < t.epochs) {
        throw new TrainingInterrupted(`stopped after epoch ${epoch} (stopAfterEpoch)`, epoch, lastCheckpoint(o.spec, epoch));
      }
    }
  } finally {
    gridNoise.dispose();
  }
  return state;
}

async function trainOneEpoch(
  o: TrainLoopInput,
  prev: CheckpointState,
  epoch: number,
  rng: Rng,
  gridNoise: tf.Tensor2D,
): Promise<CheckpointState> {
  const t = o.spec.train;
  const started = Date.now();
  const stepsPerEpoch = Math.ceil(o.images.shape[0] / t.batchSize);
  const stepsLeft = (s: number) => (t.epochs - epoch) * stepsPerEpoch + stepsPerEpoch - s;
  const out = await runEpoch({
    trainer: o.trainer,
    images: o.images,
    batchSize: t.batchSize,
    epoch,
    rng,
    shouldStop: () => o.hooks.signal?.aborted ?? false,
    onStep: (s, losses) => {
      appendStepLosses(join(o.dir, STEP_LOSSES_FILE), { step: prev.step + s, epoch, ...losses });
      o.progress.step(epoch, s, losses, stepsLeft(s));
    },
  });
  if (!out.complete) {
    const last = lastCheckpoint(o.spec, epoch - 1);
    throw new TrainingInterrupted(
      `interrupted at epoch ${epoch}, step ${out.steps + 1}; ${last ? `the checkpoint of epoch ${last} stays, rerun to resume` : 'no checkpoint yet'}`,
      epoch,
      last,
    );
  }
  const seconds = (Date.now() - started) / 1000;
  const step = prev.step + out.steps;
  const row = { epoch, step, steps: out.steps, seconds, imagesPerSec: o.images.shape[0] / seconds, ...out.means } as LossRow;
  const state: CheckpointState = {
    ...prev,
    epoch,
    step,
    rng: rng.state(),
    history: [...prev.history, row],
    trainSeconds: prev.trainSeconds + seconds,
  };
  appendFileSync(join(o.dir, LOSSES_FILE), JSON.stringify(row) + '\n');
  if (epoch % t.sampleEvery === 0 || epoch === t.epochs) {
    await writeSampleGrid(
      o.trainer.sampler,
      gridNoise,
      o.spec.data.scale,
      t.sampleGrid,
      join(o.dir, 'grids', `${checkpointName(epoch)}.png`),
    );
  }
  if (isCheckpointEpoch(o.spec, epoch)) {
    const dir = await writeCheckpoint(join(o.dir, 'checkpoints'), o.nets, o.trainer.optimizers, state);
    o.log.debug({ epoch, dir }, `checkpoint of epoch ${epoch} written`);
  }
  o.progress.epoch(row, o.trainer.lossNames);
  o.hooks.onEpochEnd?.(row);
  return state;
}

export function isCheckpointEpoch(spec: ExperimentSpec, epoch: number): boolean {
  return epoch % spec.train.checkpointEvery === 0 || epoch === spec.train.epochs;
}

function lastCheckpoint(spec: ExperimentSpec, epoch: number): number | null {
  for (let e = epoch; e >= 1; e--) if (isCheckpointEpoch(spec, e)) return e;
  return null;
}
