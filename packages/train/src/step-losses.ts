import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { STEP_LOSSES_FILE } from './work-folder';

export { STEP_LOSSES_FILE } from './work-folder';

/**
 * One line of step-losses.jsonl (docs/artifacts.md): the loss terms of one training step, at
 * the global step it ended (1-based) and its epoch. No clock readings: the same training gives
 * the same bytes, so the file is a stage output like the rest.
 */
export type StepLossRow = { step: number; epoch: number } & Record<string, number>;

/** Appends one step's losses as it lands (genlab ui follows the file while training runs). */
export function appendStepLosses(file: string, row: StepLossRow): void {
  appendFileSync(file, JSON.stringify(row) + '\n');
}

/** The complete, parseable lines of a step-losses file, in order; [] when it does not exist. */
export function readStepLosses(file: string): StepLossRow[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  // A line a killed run left half-written has no newline (or no valid JSON): dropped.
  return text
    .slice(0, text.lastIndexOf('\n') + 1)
    .split('\n')
    .flatMap((l) => {
      try {
        const r = JSON.parse(l) as StepLossRow;
        return typeof r === 'object' && r !== null && typeof r.step === 'number' ? [r] : [];
      } catch {
        return [];
      }
    });
}

/**
 * Keeps the lines up to `lastStep` (where a resumed run restarts: its checkpoint's step) and
 * drops the rest, which a killed run wrote after that checkpoint and the rerun writes again.
 */
export function keepStepLossesUpTo(file: string, lastStep: number): void {
  const kept = lastStep > 0 ? readStepLosses(file).filter((r) => r.step <= lastStep) : [];
  writeFileSync(file, kept.map((r) => JSON.stringify(r) + '\n').join(''));
}
