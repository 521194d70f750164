import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TENSORBOARD_FILE, pngInfo, writeTensorBoardEvents, type TensorBoardEvent } from '@genlab/artifacts';
import { checkpointName } from './work-folder';
import type { LossRow } from './loss-row';

const NOT_LOSSES = new Set(['epoch', 'step', 'steps', 'seconds', 'imagesPerSec']);

/**
 * The train stage's TensorBoard file, from its loss history and grids (so `tensorboard --logdir
 * artifacts` shows genlab runs): per epoch, at the global step it ended on, each mean loss as
 * `loss/<name>`, plus `epoch` and `images_per_sec`; the epoch's sample grid as the image
 * `samples` at the same step. Wall times are the end of the stage minus the training time still
 * to come (a resumed run's earlier epochs are laid end to end).
 */
export function writeTrainEvents(outDir: string, history: LossRow[], endSec = Date.now() / 1000): void {
  let left = history.reduce((s, r) => s + r.seconds, 0);
  const events: TensorBoardEvent[] = history.map((r) => {
    left -= r.seconds;
    const scalars: Record<string, number> = { epoch: r.epoch, images_per_sec: r.imagesPerSec };
    for (const [k, v] of Object.entries(r)) if (!NOT_LOSSES.has(k) && typeof v === 'number') scalars[`loss/${k}`] = v;
    const grid = join(outDir, 'grids', `${checkpointName(r.epoch)}.png`);
    const png = existsSync(grid) ? readFileSync(grid) : null;
    const images: TensorBoardEvent['images'] = png ? { samples: { png, ...pngInfo(png) } } : {};
    return { wallTime: endSec - left, step: r.step, scalars, images };
  });
  writeTensorBoardEvents(join(outDir, TENSORBOARD_FILE), events);
}
