import type { LossRecord } from './variant-artifacts';

// How long a run had trained by the end of each epoch: train's losses.jsonl holds every epoch's
// wall time (`seconds`), kept across resumes and continuations, so the running sum is the
// training time at that epoch as measured on the machine that ran it (and under its load).

/**
 * epoch -> training seconds summed over epochs 1..epoch. Stops at the first epoch that is
 * missing or has no `seconds` (a gap would make every later sum too small).
 */
export function cumulativeTrainSeconds(losses: LossRecord[]): Map<number, number> {
  const out = new Map<number, number>();
  const rows = [...losses].sort((a, b) => a.epoch - b.epoch);
  let total = 0;
  for (const [i, r] of rows.entries()) {
    if (r.epoch !== i + 1 || typeof r.seconds !== 'number' || !Number.isFinite(r.seconds)) break;
    total += r.seconds;
    out.set(r.epoch, total);
  }
  return out;
}
