import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { liveLockHolder, stageWorkDir } from '@genlab/artifacts';
// The tfjs-free module: listing must not load the training code.
import { LOSSES_FILE, completeCheckpoints } from '@genlab/train/work-folder';
import type { ResolvedStage } from '../resolve-stage';

// What `genlab list` says about a train stage that has no artifact yet: how far its work folder
// got, and whether a live process is training it now. Read only: a run may be writing there
// (so nothing is cleaned up here, unlike train's listCheckpoints).

export interface UnfinishedTraining {
  /** Epochs finished (lines of the work folder's losses.jsonl). */
  epochsDone: number;
  /** The latest complete checkpoint, where a stopped run resumes; null: it starts over. */
  checkpoint: number | null;
  /** A live process holds the stage's lock. */
  running: boolean;
}

export function unfinishedTraining(root: string, r: ResolvedStage): UnfinishedTraining | null {
  const work = stageWorkDir(root, { name: r.name, variant: r.variant, stage: 'train', fingerprint: r.fingerprint });
  const running = liveLockHolder(r.dir) !== null;
  if (!existsSync(work) && !running) return null;
  const checkpoints = completeCheckpoints(join(work, 'checkpoints'));
  const epochsDone = linesOf(join(work, LOSSES_FILE));
  if (!running && epochsDone === 0 && checkpoints.length === 0) return null;
  return { epochsDone, checkpoint: checkpoints.length > 0 ? checkpoints[checkpoints.length - 1]!.epoch : null, running };
}

function linesOf(file: string): number {
  try {
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '').length;
  } catch {
    return 0;
  }
}
