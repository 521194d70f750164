import { join } from 'node:path';
import { TENSORBOARD_FILE, writeTensorBoardEvents, type TensorBoardEvent } from '@genlab/artifacts';
import type { MetricsJson } from './metrics-json';

/** Every finite number of an object by dotted path; arrays (histograms, points) left out. */
function numericLeaves(value: unknown, prefix: string, out: Record<string, number>): Record<string, number> {
  if (typeof value === 'number' && Number.isFinite(value)) out[prefix] = value;
  else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) numericLeaves(v, prefix ? `${prefix}/${k}` : k, out);
  }
  return out;
}

/**
 * The evaluate stage's TensorBoard file: every number of metrics.json's `metrics` as
 * `metrics/<path>` (e.g. `metrics/fid/value`, `metrics/is/mean`) and of its real-data
 * `reference` as `reference/<path>`, at the step of the evaluated epoch; for a VAE the latent
 * 5-NN accuracy of each mapped epoch as `metrics/latentClasses/accuracy` at that epoch. No clock
 * reading: the wall time is the epoch number, so the same metrics give the same bytes.
 */
export function writeEvaluateEvents(outDir: string, metrics: MetricsJson): void {
  const wallTime = metrics.epoch;
  const scalars = { ...numericLeaves(metrics.metrics, 'metrics', {}), ...numericLeaves(metrics.reference ?? {}, 'reference', {}) };
  const byEpoch = ((metrics.metrics as { latentClasses?: { epochs?: { epoch: number; accuracy: number }[] } }).latentClasses?.epochs ?? [])
    .filter((e) => e.epoch !== metrics.epoch)
    .map((e): TensorBoardEvent => ({ wallTime: e.epoch, step: e.epoch, scalars: { 'metrics/latentClasses/accuracy': e.accuracy } }));
  const last = (metrics.metrics as { latentClasses?: { epochs?: { epoch: number; accuracy: number }[] } }).latentClasses?.epochs?.find(
    (e) => e.epoch === metrics.epoch,
  );
  if (last) scalars['metrics/latentClasses/accuracy'] = last.accuracy;
  writeTensorBoardEvents(join(outDir, TENSORBOARD_FILE), [...byEpoch, { wallTime, step: metrics.epoch, scalars }]);
}
