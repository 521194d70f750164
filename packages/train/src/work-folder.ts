import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

// The layout of a train stage's work folder (artifacts/.work/<name>/<variant>/train-<fingerprint>),
// free of tfjs so that `genlab list` can read how far a run got without loading the training code.

/** A checkpoint folder is complete once this file exists: it is written last (checkpoint.ts). */
export const STATE_FILE = 'state.json';
/** One JSON line of losses per finished epoch. */
export const LOSSES_FILE = 'losses.jsonl';
/** One JSON line of losses per training step, appended as each step lands (step-losses.ts). */
export const STEP_LOSSES_FILE = 'step-losses.jsonl';

export interface CheckpointRef {
  epoch: number;
  dir: string;
}

export function checkpointName(epoch: number): string {
  return `epoch-${String(epoch).padStart(4, '0')}`;
}

/** The complete checkpoints under `root`, oldest first. Read only: a run may be writing there. */
export function completeCheckpoints(root: string): CheckpointRef[] {
  if (!existsSync(root)) return [];
  const refs: CheckpointRef[] = [];
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    const m = entry.isDirectory() ? /^epoch-(\d{4,})$/.exec(entry.name) : null;
    if (m && existsSync(join(root, entry.name, STATE_FILE))) refs.push({ epoch: Number(m[1]), dir: join(root, entry.name) });
  }
  return refs.sort((a, b) => a.epoch - b.epoch);
}
