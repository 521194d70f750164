import type { VegaLiteSpec } from './render-chart-png';
import type { VariantArtifacts } from './variant-artifacts';

// Paper 3.8.3, mode collapse over time: the share of each digit among a variant's samples at
// every scored epoch (evaluate's coverageByEpoch), one panel per variant, so a reader sees when a
// GAN collapses, onto which digit, and whether its seeds agree.

/** The variants that have coverage at two or more epochs (one point is no trajectory). */
export function withCoverage(variants: VariantArtifacts[]): VariantArtifacts[] {
  return variants.filter((v) => (v.metrics.metrics.coverageByEpoch?.epochs.length ?? 0) >= 2);
}

export function coverageChart(variants: VariantArtifacts[]): VegaLiteSpec {
  const shown = withCoverage(variants);
  const values = shown.flatMap((v) =>
    v.metrics.metrics.coverageByEpoch!.epochs.flatMap((e) =>
      e.histogram.map((share, digit) => ({ variant: v.variant, epoch: e.epoch, digit: String(digit), share })),
    ),
  );
  const epochs = [...new Set(values.map((r) => r.epoch))].sort((a, b) => a - b);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    data: { values },
    facet: { column: { field: 'variant', type: 'nominal', title: null, sort: shown.map((v) => v.variant), header: { labelFontSize: 13 } } },
    spec: {
      width: 220,
      height: 170,
      mark: { type: 'line', point: true },
      encoding: {
        x: {
          field: 'epoch',
          type: 'quantitative',
          title: 'epoch',
          axis: { format: 'd', ...(epochs.length <= 12 ? { values: epochs } : { tickMinStep: 1 }) },
        },
        y: { field: 'share', type: 'quantitative', title: 'share of samples', scale: { domain: [0, 1] }, axis: { format: '%' } },
        color: {
          field: 'digit',
          type: 'nominal',
          title: 'digit',
          sort: Array.from({ length: 10 }, (_, d) => String(d)),
          scale: { scheme: 'category10' },
        },
      },
    },
  } as VegaLiteSpec;
}
