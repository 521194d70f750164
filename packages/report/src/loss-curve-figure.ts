import type { VegaLiteSpec } from './render-chart-png';
import type { VariantArtifacts } from './variant-artifacts';

/** Fields of a losses.jsonl record that are bookkeeping, not losses (train's LossRow). */
const NOT_LOSSES = new Set(['epoch', 'step', 'steps', 'seconds', 'imagesPerSec']);

/** What the chart reads of a variant: its name and its losses.jsonl records. */
type LossSeries = Pick<VariantArtifacts, 'variant' | 'losses'>;

export function lossNames(variants: LossSeries[]): string[] {
  const names = new Set<string>();
  for (const v of variants)
    for (const r of v.losses) for (const [k, x] of Object.entries(r)) if (!NOT_LOSSES.has(k) && typeof x === 'number') names.add(k);
  return [...names];
}

/**
 * Paper section 3.4 (losses of training). Mean loss per epoch (train's losses.jsonl) of every variant of one experiment: one panel per
 * loss term (a GAN has discriminator and generator losses on different scales), a line per variant.
 */
export function lossCurveChart(variants: LossSeries[]): VegaLiteSpec {
  const names = lossNames(variants);
  const values = variants.flatMap((v) =>
    v.losses.flatMap((r) =>
      names
        .filter((n) => typeof r[n] === 'number' && Number.isFinite(r[n]))
        .map((n) => ({ variant: v.variant, epoch: r.epoch, loss: n, value: r[n] })),
    ),
  );
  // Integer epoch ticks: vega's tick generator would otherwise label half epochs on short runs.
  const epochs = [...new Set(values.map((r) => r.epoch))].sort((a, b) => a - b);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    data: { values },
    facet: { column: { field: 'loss', type: 'nominal', title: null, sort: names, header: { labelFontSize: 13 } } },
    spec: {
      width: 240,
      height: 180,
      mark: { type: 'line', point: true },
      encoding: {
        x: {
          field: 'epoch',
          type: 'quantitative',
          title: 'epoch',
          axis: { format: 'd', ...(epochs.length <= 12 ? { values: epochs } : { tickMinStep: 1 }) },
        },
        y: { field: 'value', type: 'quantitative', title: 'mean loss', scale: { zero: false } },
        color: { field: 'variant', type: 'nominal', title: 'variant' },
      },
    },
    resolve: { scale: { y: 'independent' } },
  } as VegaLiteSpec;
}
