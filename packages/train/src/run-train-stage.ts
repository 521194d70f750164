import { cpSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tf, initBackend } from '@genlab/backend';
import {
  ArtifactError,
  backendProvenance,
  type BackendProvenance,
  type ProgressMode,
  type StageContext,
  type StageResult,
} from '@genlab/artifacts';
import { loadDataset, toImageTensor } from '@genlab/data';
import { loadNetworks, networkNames, type Networks } from '@genlab/models';
import { stageCodeHash, type ExperimentSpec } from '@genlab/spec';
import {
  continuationInWorkDir,
  findContinuation,
  pruneToSchedule,
  seedWorkDir,
  trainedOnSame,
  type Continuation,
  type UpstreamIdentity,
} from './continuation';
import { latestCheckpoint, listCheckpoints, readCheckpointState, type CheckpointState, type TrainingCodeSegment } from './checkpoint';
import { createKindTrainer } from './kind-trainer';
import { loadOptimizers } from './optimizer-state';
import { guardSigint } from './sigint-guard';
import { writeTrainEvents } from './train-events';
import { LOSSES_FILE, initialState, trainLoop, type TrainHooks } from './train-loop';
import { STEP_LOSSES_FILE, readStepLosses } from './step-losses';
import { TrainProgress } from './train-progress';

export interface TrainStageOptions extends TrainHooks {
  /** Where the progress line goes (default: progressMode(), i.e. from the terminal and GENLAB_PROGRESS). */
  progress?: ProgressMode;
}

/**
 * The `train` stage (paper 3.4): trains the model artifact's networks on the data artifact's
 * training images, resuming from the latest checkpoint a killed run left in ctx.workDir, or
 * continuing the previous artifact when only train.epochs grew (continuation.ts).
 * Writes losses.jsonl, step-losses.jsonl, grids/, checkpoints/ and a TensorBoard events file (docs/artifacts.md).
 */
export async function runTrainStage(ctx: StageContext<ExperimentSpec>, opts: TrainStageOptions = {}): Promise<StageResult> {
  const info = await initBackend(ctx.spec.backend);
  const backend: BackendProvenance = backendProvenance(info);
  const [data, model] = [upstreamOf(ctx, 'data'), upstreamOf(ctx, 'model')];
  const start = resumePoint(ctx, {
    content: { data: data.contentSha256, model: model.contentSha256 },
    manifests: { data: data.manifestSha256, model: model.manifestSha256 },
  });
  const continued = start.continued;
  const nets = await loadNetworks(start.dir ?? upstreamOf(ctx, 'model').dir, networkNames(ctx.spec.model.kind));
  let state: CheckpointState;
  try {
    state = await train(ctx, nets, start, opts);
  } finally {
    Object.values(nets).forEach((m) => m.dispose());
  }
  pruneToSchedule(ctx.spec, ctx.workDir);
  for (const item of [LOSSES_FILE, STEP_LOSSES_FILE, 'grids', 'checkpoints']) {
    if (existsSync(join(ctx.workDir, item))) cpSync(join(ctx.workDir, item), join(ctx.outDir, item), { recursive: true });
  }
  writeTrainEvents(ctx.outDir, state.history, readStepLosses(join(ctx.outDir, STEP_LOSSES_FILE)));
  const images = Math.round(state.history.reduce((n, r) => n + r.seconds * r.imagesPerSec, 0));
  const last = state.history[state.history.length - 1];
  const result = {
    kind: ctx.spec.model.kind,
    epochs: state.epoch,
    checkpoints: listCheckpoints(join(ctx.workDir, 'checkpoints')).map((c) => c.epoch),
    finalLosses: last
      ? Object.fromEntries(Object.entries(last).filter(([k]) => !['epoch', 'step', 'steps', 'seconds', 'imagesPerSec'].includes(k)))
      : {},
    trainSeconds: state.trainSeconds,
    imagesPerSec: state.trainSeconds > 0 ? images / state.trainSeconds : 0,
    resumedFrom: start.dir && !continued ? start.state.epoch : null,
    continuedFrom: continued
      ? {
          epochs: continued.epochs,
          fingerprint: continued.fingerprint,
          created: continued.created,
          codeHash: continued.codeHash ?? stageCodeHash('train'),
        }
      : null,
    codeHash: stageCodeHash('train'),
    trainingCode: state.code ?? null,
    backend,
  };
  return { result, backend };
}

/** Builds the trainer, restores the optimisers, runs the epochs, and frees its tensors. */
async function train(
  ctx: StageContext<ExperimentSpec>,
  nets: Networks,
  start: { dir: string | null; state: CheckpointState },
  opts: TrainStageOptions,
): Promise<CheckpointState> {
  const t = ctx.spec.train;
  const data = loadDataset(upstreamOf(ctx, 'data').dir, 'train');
  const trainer = createKindTrainer(ctx.spec, nets);
  const images = toImageTensor(data.images, data.count, ctx.spec.data.scale); // [count, 28, 28, 1]
  const interrupt = new AbortController();
  const unguard = guardSigint(() => {
    ctx.log.warn('interrupted: stopping at the next step boundary (Ctrl-C again to quit now)');
    interrupt.abort();
  });
  const signal = opts.signal ? AbortSignal.any([opts.signal, interrupt.signal]) : interrupt.signal;
  const progress = new TrainProgress({
    epochs: t.epochs,
    stepsPerEpoch: Math.ceil(data.count / t.batchSize),
    batchSize: t.batchSize,
    log: ctx.log,
    mode: opts.progress,
  });
  try {
    if (start.dir) await loadOptimizers(trainer.optimizers, start.dir);
    ctx.log.info(
      { images: data.count, epochs: t.epochs, from: start.state.epoch + 1, backend: (await initBackend(ctx.spec.backend)).name },
      `training ${ctx.spec.model.kind} on ${data.count} images, epochs ${start.state.epoch + 1}..${t.epochs}`,
    );
    return await trainLoop({
      spec: ctx.spec,
      nets,
      trainer,
      images,
      dir: ctx.workDir,
      start: start.state,
      log: ctx.log,
      progress,
      hooks: { ...opts, signal },
    });
  } finally {
    progress.done();
    unguard();
    images.dispose();
    trainer.dispose();
  }
}

/**
 * Where training starts: the latest checkpoint a killed run left in workDir; else, when only
 * train.epochs grew, the previous artifact's last checkpoint (copied into workDir, so a kill
 * during the continuation resumes like any other run); else epoch 0.
 * A checkpoint resumes when its data and model artifacts hold the same files (`content`), even
 * if they were rebuilt meanwhile because code changed: a days-long run survives a commit.
 */
function resumePoint(
  ctx: StageContext<ExperimentSpec>,
  upstream: UpstreamIdentity,
): { dir: string | null; state: CheckpointState; continued?: Continuation } {
  const root = join(ctx.workDir, 'checkpoints');
  let continued = continuationInWorkDir(ctx.workDir) ?? undefined;
  if (!latestCheckpoint(root)) {
    continued = findContinuation(ctx, upstream) ?? undefined;
    if (continued) seedWorkDir(continued, ctx.spec, ctx.workDir);
  }
  const latest = latestCheckpoint(root);
  const code = stageCodeHash('train');
  if (!latest) return { dir: null, state: initialState(ctx.spec, upstream.content, code) };
  const state = readCheckpointState(latest.dir);
  const same = Object.keys(upstream.content).every((k) => trainedOnSame(state, upstream, k));
  if (!same || state.epoch > ctx.spec.train.epochs) {
    ctx.log.warn({ dir: latest.dir }, `ignoring the checkpoints in ${root}: they were trained on other data or model artifacts`);
    rmSync(ctx.workDir, { recursive: true, force: true });
    return { dir: null, state: initialState(ctx.spec, upstream.content, code) };
  }
  const kept = continued !== undefined && state.epoch === ctx.spec.train.epochs;
  if (continued && kept) {
    ctx.log.info(
      { continuedFrom: continued.epochs, fingerprint: continued.fingerprint },
      `keeping the ${continued.epochs}-epoch train artifact: its configuration and data are the same, so nothing is trained`,
    );
  } else if (continued) {
    ctx.log.info(
      { continuedFrom: continued.epochs, fingerprint: continued.fingerprint, from: state.epoch },
      `continuing the ${continued.epochs}-epoch train artifact (only train.epochs grew): training epochs ${state.epoch + 1}..${ctx.spec.train.epochs}`,
    );
  }
  if (continued) {
    if (continued.codeHash) {
      ctx.log.warn(
        { codeHash: continued.codeHash, now: code },
        `its epochs 1..${continued.epochs} were trained by other code (code hash ${continued.codeHash}, now ${code}): the result is not a fresh run's bit for bit; remove ${join(ctx.root, 'artifacts', ctx.name, ctx.variant, 'train')} to train from the start`,
      );
    }
  } else {
    ctx.log.info({ resumedFrom: state.epoch, dir: latest.dir }, `resuming from the checkpoint of epoch ${state.epoch}`);
  }
  // A kept artifact trains no epoch, so no code joins the record of which code trained which.
  const segments = kept ? (state.code ?? [{ fromEpoch: 1, codeHash: 'unrecorded' }]) : codeSegments(ctx, state, code, !continued);
  return { dir: latest.dir, state: { ...state, code: segments }, continued };
}

/**
 * The state's record of which code trained which epochs, with a new segment when this run's
 * code differs from the last one (warned about here for a resume; continuation warns itself).
 */
function codeSegments(ctx: StageContext<ExperimentSpec>, state: CheckpointState, code: string, warn: boolean): TrainingCodeSegment[] {
  // Checkpoints written before the record: which code trained them is not known.
  const segments = state.code ?? [{ fromEpoch: 1, codeHash: 'unrecorded' }];
  const last = segments[segments.length - 1]!;
  if (last.codeHash === code) return segments;
  if (warn) {
    ctx.log.warn(
      { codeHash: last.codeHash, now: code },
      `epochs ${last.fromEpoch}..${state.epoch} were trained by other code (code hash ${last.codeHash}, now ${code}); result.trainingCode in the manifest lists which code trained which epochs`,
    );
  }
  return [...segments, { fromEpoch: state.epoch + 1, codeHash: code }];
}

function upstreamOf(ctx: StageContext<ExperimentSpec>, stage: 'data' | 'model') {
  const u = ctx.upstream[stage];
  if (!u) throw new ArtifactError(ctx.outDir, `the train stage needs the ${stage} artifact as upstream '${stage}'; none was given`);
  return u;
}
