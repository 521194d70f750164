import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { tf } from '@genlab/backend';
import { ArtifactError } from '@genlab/artifacts';
import type { RngState } from '@genlab/data';
import { saveNetworks, type Networks } from '@genlab/models';
import type { LossRow } from './loss-row';
import { saveOptimizers } from './optimizer-state';
import { STATE_FILE, checkpointName, completeCheckpoints, type CheckpointRef } from './work-folder';

// Paper 3.4: "we saved checkpoints of the models every few epochs". A checkpoint holds
// everything a resumed run needs to continue exactly: the networks, the Adam state, the Rng
// state, the epoch and the loss history. state.json is written last, and the whole folder is
// written under a temporary name and renamed, so a kill never leaves a half-written checkpoint.

export { STATE_FILE, checkpointName, type CheckpointRef } from './work-folder';

export interface CheckpointState {
  epoch: number;
  /** Global step count at the end of `epoch`. */
  step: number;
  rng: RngState;
  history: LossRow[];
  /** Training seconds summed over every run that led here (resumes included). */
  trainSeconds: number;
  /**
   * contentSha256 of the data and model artifacts trained on (manifestSha256 in checkpoints
   * written before content hashes): a changed upstream never resumes.
   */
  upstream: Record<string, string>;
  /**
   * Which training code trained which epochs: a segment starts wherever a run resumed or
   * continued with other code (a commit between a kill and the rerun). Absent in checkpoints
   * written before it was recorded.
   */
  code?: TrainingCodeSegment[];
}

export interface TrainingCodeSegment {
  /** The first epoch this code trained. */
  fromEpoch: number;
  /** stageCodeHash('train') of that run. */
  codeHash: string;
}

/** Writes `<root>/epoch-NNNN/` atomically; returns its path. */
export async function writeCheckpoint(
  root: string,
  nets: Networks,
  optimizers: Record<string, tf.Optimizer>,
  state: CheckpointState,
): Promise<string> {
  const final = join(root, checkpointName(state.epoch));
  const tmp = join(root, `.${checkpointName(state.epoch)}.tmp-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  await saveNetworks(nets, tmp);
  await saveOptimizers(optimizers, tmp);
  writeFileSync(join(tmp, STATE_FILE), JSON.stringify(state, null, 2) + '\n');
  rmSync(final, { recursive: true, force: true });
  renameSync(tmp, final);
  return final;
}

/** The complete checkpoints under `root`, oldest first; leftovers of killed writes are removed. */
export function listCheckpoints(root: string): CheckpointRef[] {
  if (!existsSync(root)) return [];
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    if (entry.isDirectory() && entry.name.startsWith('.') && entry.name.includes('.tmp-'))
      rmSync(join(root, entry.name), { recursive: true, force: true });
  }
  return completeCheckpoints(root);
}

export function latestCheckpoint(root: string): CheckpointRef | null {
  const all = listCheckpoints(root);
  return all.length > 0 ? all[all.length - 1] : null;
}

export function readCheckpointState(dir: string): CheckpointState {
  let state: CheckpointState;
  try {
    state = JSON.parse(readFileSync(join(dir, STATE_FILE), 'utf8')) as CheckpointState;
  } catch (err) {
    throw new ArtifactError(dir, `unreadable ${STATE_FILE} (${(err as Error).message}); delete this checkpoint to start over`);
  }
  if (!Number.isInteger(state.epoch) || !Number.isInteger(state.rng) || !Array.isArray(state.history)) {
    throw new ArtifactError(dir, `${STATE_FILE} lacks epoch, rng or history; delete this checkpoint to start over`);
  }
  return state;
}
