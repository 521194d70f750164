import type { ReportSpec } from '@genlab/spec';
import { figureId, titleFor, writeChartFigure } from './figure';
import type { VegaLiteSpec } from './render-chart-png';
import type { FigureSection } from './report-model';
import { cumulativeTrainSeconds } from './training-time';
import type { VariantArtifacts } from './variant-artifacts';

// Classifier-FID of each variant at every scored epoch (evaluate's scoresByEpoch), against the
// epoch and against the training time it had taken by then: the second panel is where equal
// training time reads off (a vertical line crosses every run at the same time).

export const FID_BY_EPOCH_ID = 'fid-by-epoch';

/** The variants scored at two or more epochs (one point is no trajectory). */
export function withEpochScores(variants: VariantArtifacts[]): VariantArtifacts[] {
  return variants.filter((v) => (v.metrics.metrics.scoresByEpoch?.epochs.length ?? 0) >= 2);
}

type Point = { variant: string; epoch: number; fid: number; hours: number | null };

function points(v: VariantArtifacts): Point[] {
  const seconds = cumulativeTrainSeconds(v.losses);
  return v.metrics.metrics.scoresByEpoch!.epochs.map((e) => {
    const s = seconds.get(e.epoch);
    return { variant: v.key, epoch: e.epoch, fid: e.fid, hours: s === undefined ? null : s / 3600 };
  });
}

/** Two panels, a line per variant: FID against epoch, and against training hours. */
export function fidByEpochChart(variants: VariantArtifacts[]): VegaLiteSpec {
  const shown = withEpochScores(variants);
  const values = shown.flatMap(points);
  // Log scale: a collapsed GAN (FID in the hundreds) and a working model (near 1) on one axis.
  const y = { field: 'fid', type: 'quantitative', title: 'classifier-FID (per-epoch samples, log)', scale: { type: 'log' } };
  const color = { field: 'variant', type: 'nominal', title: 'variant', sort: shown.map((v) => v.key), legend: { labelLimit: 400 } };
  const panel = (x: Record<string, unknown>, filter?: string) => ({
    width: 300,
    height: 200,
    transform: [{ filter: `datum.fid > 0${filter ? ` && ${filter}` : ''}` }],
    mark: { type: 'line', point: true },
    encoding: { x, y, color },
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    data: { values },
    hconcat: [
      panel({ field: 'epoch', type: 'quantitative', title: 'epoch', axis: { format: 'd', tickMinStep: 1 } }),
      panel({ field: 'hours', type: 'quantitative', title: 'training time (h, as measured)' }, 'isValid(datum.hours)'),
    ],
  } as VegaLiteSpec;
}

/** One figure for the whole report, when some variant has per-epoch scores. */
export async function fidByEpochSection(
  outDir: string,
  spec: Pick<ReportSpec, 'figureTitles'>,
  variants: VariantArtifacts[],
): Promise<FigureSection> {
  const shown = withEpochScores(variants);
  const title = titleFor(spec, FID_BY_EPOCH_ID, FID_BY_EPOCH_ID, 'Classifier-FID during training, by epoch and by training time');
  const figures =
    shown.length === 0
      ? []
      : [
          await writeChartFigure(
            outDir,
            FID_BY_EPOCH_ID,
            title,
            fidByEpochChart(shown),
            shown.map((v) => v.key),
          ),
        ];
  return {
    heading: 'Sample quality during training',
    intro:
      'Classifier-FID of the samples evaluate scores at every sampled epoch (scoresByEpoch; fewer samples than the final score, so ' +
      'higher than it and comparable only between these points). Right: the same points against the training time each run had ' +
      'taken (train’s per-epoch wall times summed, as measured on its machine and under its load).',
    figures,
  };
}
