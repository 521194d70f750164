import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TENSORBOARD_FILE, pngInfo, writeTensorBoardEvents, type TensorBoardEvent } from '@genlab/artifacts';
import { checkpointName } from './work-folder';
import type { LossRow } from './loss-row';

const NOT_LOSSES = new Set(['epoch', 'step', 'steps', 'seconds', 'imagesPerSec']);

/**
 * The train stage's TensorBoard file, from its loss history and grids (so `tensorboard --logdir
 * artifacts` shows genlab runs): per epoch, at the global step it ended on, each mean loss as
 * `loss/<name>`, plus `epoch`; the epoch's sample grid as the image `samples` at the same step.
 * The file is a function of the losses and grids alone (no clock readings, no throughput), so
 * the same training gives the same bytes: its wall time is the epoch number (TensorBoard's
 * step axis is the meaningful one).
 */
export function writeTrainEvents(outDir: string, history: LossRow[]): void {
  const events: TensorBoardEvent[] = history.map((r) => {
    const scalars: Record<string, number> = { epoch: r.epoch };
    for (const [k, v] of Object.entries(r)) if (!NOT_LOSSES.has(k) && typeof v === 'number') scalars[`loss/${k}`] = v;
    const grid = join(outDir, 'grids', `${checkpointName(r.epoch)}.png`);
    const png = existsSync(grid) ? readFileSync(grid) : null;
    const images: TensorBoardEvent['images'] = png ? { samples: { png, ...pngInfo(png) } } : {};
    return { wallTime: r.epoch, step: r.step, scalars, images };
  });
  writeTensorBoardEvents(join(outDir, TENSORBOARD_FILE), events);
}
