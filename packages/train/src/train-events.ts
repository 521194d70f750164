import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TENSORBOARD_FILE, pngInfo, writeTensorBoardEvents, type TensorBoardEvent } from '@genlab/artifacts';
import { checkpointName } from './work-folder';
import type { LossRow } from './loss-row';
import type { StepLossRow } from './step-losses';

const NOT_LOSSES = new Set(['epoch', 'step', 'steps', 'seconds', 'imagesPerSec']);

/**
 * The train stage's TensorBoard file, from its loss history and grids (so `tensorboard --logdir
 * artifacts` shows genlab runs): every step's losses as `loss_per_step/<name>` at that step;
 * per epoch, at the global step it ended on, each mean loss as `loss/<name>`, plus `epoch`, and
 * the epoch's sample grid as the image `samples` at the same step.
 * The file is a function of the losses and grids alone (no clock readings, no throughput), so
 * the same training gives the same bytes: its wall time counts epochs (a step's is its epoch's
 * start plus the fraction of the epoch done; TensorBoard's step axis is the meaningful one).
 */
export function writeTrainEvents(outDir: string, history: LossRow[], steps: StepLossRow[] = []): void {
  const byEpoch = new Map(history.map((r) => [r.epoch, r]));
  const stepEvents: TensorBoardEvent[] = steps.map((s) => {
    const e = byEpoch.get(s.epoch);
    const fraction = e && e.steps > 0 ? (s.step - (e.step - e.steps)) / e.steps : 1;
    return { wallTime: s.epoch - 1 + fraction, step: s.step, scalars: prefixed('loss_per_step/', s), images: {} };
  });
  const epochEvents: TensorBoardEvent[] = history.map((r) => {
    const scalars: Record<string, number> = { epoch: r.epoch, ...prefixed('loss/', r) };
    const grid = join(outDir, 'grids', `${checkpointName(r.epoch)}.png`);
    const png = existsSync(grid) ? readFileSync(grid) : null;
    const images: TensorBoardEvent['images'] = png ? { samples: { png, ...pngInfo(png) } } : {};
    return { wallTime: r.epoch, step: r.step, scalars, images };
  });
  // In step order; at an epoch's last step, the step's own losses before the epoch's means.
  const events = [...stepEvents.map((e, i) => ({ e, k: [e.step, 0, i] })), ...epochEvents.map((e, i) => ({ e, k: [e.step, 1, i] }))]
    .sort((a, b) => a.k[0] - b.k[0] || a.k[1] - b.k[1] || a.k[2] - b.k[2])
    .map((x) => x.e);
  writeTensorBoardEvents(join(outDir, TENSORBOARD_FILE), events);
}

/** The loss terms of a row, each as `<prefix><name>`. */
function prefixed(prefix: string, row: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(row)) if (!NOT_LOSSES.has(k) && typeof v === 'number') out[`${prefix}${k}`] = v;
  return out;
}
