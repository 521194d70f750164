import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lockFileOf, processState, stageWorkDir, type LockHolder } from '@genlab/artifacts';
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
  const running = lockHolderAlive(lockFileOf(r.dir));
  if (!existsSync(work) && !running) return null;
  const checkpoints = existsSync(join(work, 'checkpoints'))
    ? readdirSync(join(work, 'checkpoints'))
      .map((d) => /^epoch-(\d{4,})$/.exec(d))
      .filter((m): m is RegExpExecArray => m !== null && existsSync(join(work, 'checkpoints', m[0], 'state.json')))
      .map((m) => Number(m[1]))
    : [];
  const epochsDone = linesOf(join(work, 'losses.jsonl'));
  if (!running && epochsDone === 0 && checkpoints.length === 0) return null;
  return { epochsDone, checkpoint: checkpoints.length > 0 ? Math.max(...checkpoints) : null, running };
}

function linesOf(file: string): number {
  try {
    return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '').length;
  } catch {
    return 0;
  }
}

function lockHolderAlive(file: string): boolean {
  try {
    const holder = JSON.parse(readFileSync(file, 'utf8')) as LockHolder;
    return typeof holder.pid === 'number' && processState(holder) === 'alive';
  } catch {
    return false;
  }
}
