import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readManifest, type Logger, type Manifest } from '@genlab/artifacts';
import { artifactDir, stageCodeHash, type ExperimentSpec } from '@genlab/spec';
import { continuationOf, otherTrainingCode } from './continuation-rule';
import { checkpointName, listCheckpoints, readCheckpointState, type CheckpointState } from './checkpoint';
import { isCheckpointEpoch } from './train-loop';
import { STEP_LOSSES_FILE } from './work-folder';

// Raising train.epochs continues the existing artifact instead of starting over. That is exact
// because a checkpoint holds weights, Adam state, the RNG state and the loss history, and
// because nothing in the training schedule depends on the total number of epochs: no
// learning-rate schedule reads it (train.optimizer is a constant-rate Adam; the evaluator's
// learningRateDecay is per epoch and not part of this stage), and the data order comes from the
// RNG stream. The total only decides two extra files, the checkpoint and the sample grid that
// are always written at the final epoch; the continued run drops the old final ones unless
// the longer schedule would have written them too, so its files are those of a fresh run.
// That holds for the same training code. A run continued after the code changed (a faster
// kernel, say) is continued all the same, as a killed run resumes after a commit; it says so,
// and its manifest records the code of the earlier epochs (continuedFrom.codeHash).

export interface Continuation {
  /** The previous train artifact (still in place; the new one replaces it when it finishes). */
  dir: string;
  epochs: number;
  fingerprint: string;
  created: string;
  /** The code that trained its epochs, when that is not this run's (absent: the same code). */
  codeHash?: string;
}

/** The data and model artifacts of this run: content hashes and manifest hashes (artifacts/manifest.ts). */
export interface UpstreamIdentity {
  content: Record<string, string>;
  manifests: Record<string, string>;
}

/**
 * Whether a checkpoint was trained on this run's `stage` artifact: the content hash it records,
 * or the manifest hash that checkpoints written before content hashes record.
 */
export function trainedOnSame(state: CheckpointState, upstream: UpstreamIdentity, stage: string): boolean {
  const recorded = state.upstream?.[stage];
  return recorded === upstream.content[stage] || recorded === upstream.manifests[stage];
}

/** The previous train artifact of this experiment variant when this run can continue it. */
export function findContinuation(
  ctx: { root: string; name: string; variant: string; slice: Record<string, unknown>; spec: ExperimentSpec; log: Logger },
  upstream: UpstreamIdentity,
): Continuation | null {
  const dir = artifactDir(ctx.root, ctx.name, ctx.variant, 'train');
  if (!existsSync(dir)) return null;
  let prev: Manifest;
  try {
    prev = readManifest(dir, { stage: 'train', name: ctx.name, variant: ctx.variant }).manifest;
  } catch {
    return null;
  }
  const epochs = (prev.slice as { train: { epochs: number } }).train.epochs;
  const last = join(dir, 'checkpoints', checkpointName(epochs));
  if (!existsSync(last)) return null;
  // The final checkpoint records the content of what it trained on, so a data or model stage
  // rebuilt since (same files, new manifest) still matches.
  const lastState = readCheckpointState(last);
  const same = (k: string) => trainedOnSame(lastState, upstream, k) || prev.upstream[k]?.manifestSha256 === upstream.manifests[k];
  const why = continuationOf(prev, ctx.slice, ctx.spec, same);
  if (why) {
    ctx.log.debug({ dir, why }, `not continuing the previous train artifact: ${why}`);
    return null;
  }
  const codeHash = otherTrainingCode(prev, stageCodeHash('train'));
  // The same configuration is kept only when other code trained it: that is why the stage reruns.
  // With the same code it is a run the user asked for again (or a test), and it trains.
  if (epochs === ctx.spec.train.epochs && !codeHash) return null;
  return { dir, epochs, fingerprint: prev.fingerprint, created: prev.created, ...(codeHash ? { codeHash } : {}) };
}

/**
 * Puts the previous artifact's files in the work folder as a killed run of the longer schedule
 * would have left them: its final checkpoint (the resume point), and the checkpoints and grids
 * the longer schedule writes too.
 */
export function seedWorkDir(c: Continuation, spec: ExperimentSpec, workDir: string): void {
  mkdirSync(join(workDir, 'checkpoints'), { recursive: true });
  // Written first: a continuation killed half-way resumes from workDir and still records where it began.
  writeFileSync(join(workDir, MARKER_FILE), JSON.stringify(c) + '\n');
  for (const ref of listCheckpoints(join(c.dir, 'checkpoints'))) {
    if (ref.epoch === c.epochs || isCheckpointEpoch(spec, ref.epoch))
      cpSync(ref.dir, join(workDir, 'checkpoints', checkpointName(ref.epoch)), { recursive: true });
  }
  // The step losses up to its final step (train-loop keeps only those of the resume point).
  if (existsSync(join(c.dir, STEP_LOSSES_FILE))) cpSync(join(c.dir, STEP_LOSSES_FILE), join(workDir, STEP_LOSSES_FILE));
  const grids = join(c.dir, 'grids');
  if (!existsSync(grids)) return;
  mkdirSync(join(workDir, 'grids'), { recursive: true });
  for (const f of readdirSync(grids)) {
    const epoch = Number(/^epoch-(\d+)\.png$/.exec(f)?.[1]);
    if (epoch % spec.train.sampleEvery === 0) cpSync(join(grids, f), join(workDir, 'grids', f));
  }
}

const MARKER_FILE = 'continued-from.json';

/** The continuation a killed run in `workDir` had started, if it was one. */
export function continuationInWorkDir(workDir: string): Continuation | null {
  try {
    return JSON.parse(readFileSync(join(workDir, MARKER_FILE), 'utf8')) as Continuation;
  } catch {
    return null;
  }
}

/** Removes checkpoints this schedule would not have written (the old run's final one). */
export function pruneToSchedule(spec: ExperimentSpec, workDir: string): void {
  for (const ref of listCheckpoints(join(workDir, 'checkpoints'))) {
    if (!isCheckpointEpoch(spec, ref.epoch)) rmSync(ref.dir, { recursive: true, force: true });
  }
}
