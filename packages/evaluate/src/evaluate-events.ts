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
 * `reference` as `reference/<path>`, at the step of the evaluated epoch; at each scored epoch the
 * per-epoch classifier-FID and -IS as `metrics/scoresByEpoch/fid` and `metrics/scoresByEpoch/is`,
 * and for a VAE the latent 5-NN accuracy of each mapped epoch as `metrics/latentClasses/accuracy`.
 * No clock reading: the wall time is the epoch number, so the same metrics give the same bytes.
 */
export function writeEvaluateEvents(outDir: string, metrics: MetricsJson): void {
  const scalars = { ...numericLeaves(metrics.metrics, 'metrics', {}), ...numericLeaves(metrics.reference ?? {}, 'reference', {}) };
  const byEpoch = new Map<number, Record<string, number>>();
  const add = (epoch: number, tag: string, value: number) => byEpoch.set(epoch, { ...byEpoch.get(epoch), [tag]: value });
  for (const e of metrics.metrics.latentClasses?.epochs ?? []) add(e.epoch, 'metrics/latentClasses/accuracy', e.accuracy);
  for (const e of metrics.metrics.scoresByEpoch.epochs) {
    add(e.epoch, 'metrics/scoresByEpoch/fid', e.fid);
    add(e.epoch, 'metrics/scoresByEpoch/is', e.is.mean);
  }
  // The evaluated epoch's per-epoch values join its one event; the others get an event each.
  Object.assign(scalars, byEpoch.get(metrics.epoch));
  const earlier = [...byEpoch]
    .filter(([epoch]) => epoch !== metrics.epoch)
    .sort(([a], [b]) => a - b)
    .map(([epoch, s]): TensorBoardEvent => ({ wallTime: epoch, step: epoch, scalars: s }));
  writeTensorBoardEvents(join(outDir, TENSORBOARD_FILE), [...earlier, { wallTime: metrics.epoch, step: metrics.epoch, scalars }]);
}
