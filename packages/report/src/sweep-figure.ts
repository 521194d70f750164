import type { SweptField } from './find-swept-fields';
import type { VegaLiteSpec } from './render-chart-png';
import type { VariantArtifacts } from './variant-artifacts';
import { meanSd } from './seed-groups';

interface SweepPoint {
  key: string;
  x: number | string | boolean;
  series: string;
  metric: string;
  value: number;
  ref?: number;
}

/** The metrics of each variant as long rows; the real-data reference rides along as `ref`. */
export function sweepPoints(variants: VariantArtifacts[], field: SweptField, series?: SweptField): SweepPoint[] {
  return variants.flatMap((v) => {
    const m = v.metrics.metrics;
    const r = v.metrics.reference;
    const base = {
      key: v.key,
      x: field.values.get(v.key) as number | string | boolean,
      series: series ? `${series.path} = ${String(series.values.get(v.key))}` : v.experiment,
    };
    const rows: Omit<SweepPoint, 'key' | 'x' | 'series'>[] = [];
    if (m.fid) rows.push({ metric: 'classifier-FID', value: m.fid.value, ref: r?.fid });
    if (m.is) rows.push({ metric: 'classifier-IS', value: m.is.mean, ref: r?.is?.mean });
    if (m.precision) rows.push({ metric: 'precision', value: m.precision.value, ref: r?.precision });
    if (m.recall) rows.push({ metric: 'recall', value: m.recall.value, ref: r?.recall });
    if (m.reconstruction) rows.push({ metric: 'reconstruction MSE', value: m.reconstruction.mse });
    return rows.map((row) => ({ ...base, ...row }));
  });
}

/** A point of the chart: the mean of the variants at one x (several seeds), with sd and n. */
export interface SweepMean {
  x: number | string | boolean;
  series: string;
  metric: string;
  value: number;
  sd: number;
  n: number;
  lo: number;
  hi: number;
  ref?: number;
  keys: string[];
}

/** Points sharing metric, x and series (variants that differ only in seed) become their mean ± sd. */
export function sweepMeans(points: SweepPoint[]): SweepMean[] {
  const groups = new Map<string, SweepPoint[]>();
  for (const p of points) {
    const id = JSON.stringify([p.metric, p.x, p.series]);
    groups.set(id, [...(groups.get(id) ?? []), p]);
  }
  return [...groups.values()].map((ps) => {
    const m = meanSd(ps.map((p) => p.value)) as NonNullable<ReturnType<typeof meanSd>>;
    return {
      x: ps[0].x,
      series: ps[0].series,
      metric: ps[0].metric,
      value: m.mean,
      sd: m.sd,
      n: m.n,
      lo: m.mean - m.sd,
      hi: m.mean + m.sd,
      ref: ps[0].ref,
      keys: ps.map((p) => p.key),
    };
  });
}

/**
 * Each metric against the swept value (paper 3.6: ablations evaluated the same way), one panel
 * per metric; a dashed line marks the real-data reference where one exists. Variants repeated
 * over seeds are drawn as their mean with an error bar of ± one standard deviation. A numeric
 * field spanning a factor of 10 or more (latent sizes 2..100) gets a log axis.
 */
export function sweepChart(variants: VariantArtifacts[], field: SweptField, series?: SweptField): VegaLiteSpec {
  const values = sweepMeans(sweepPoints(variants, field, series));
  const xs = [...field.values.values()];
  const nums = xs.filter((x): x is number => typeof x === 'number');
  const log = field.numeric && Math.min(...nums) > 0 && Math.max(...nums) / Math.min(...nums) >= 10;
  const x = field.numeric
    ? {
        field: 'x',
        type: 'quantitative',
        title: field.path,
        scale: log ? { type: 'log' } : { zero: false },
        axis: { values: [...new Set(nums)].sort((a, b) => a - b) },
      }
    : { field: 'x', type: 'ordinal', title: field.path };
  const color = { field: 'series', type: 'nominal', title: series ? 'series' : 'experiment' };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    data: { values },
    facet: { column: { field: 'metric', type: 'nominal', title: null, header: { labelFontSize: 13 } } },
    spec: {
      width: 180,
      height: 170,
      layer: [
        {
          mark: { type: 'line', point: true },
          encoding: { x, y: { field: 'value', type: 'quantitative', title: null, scale: { zero: false } }, color },
        },
        {
          transform: [{ filter: 'datum.n > 1' }],
          mark: { type: 'rule' },
          encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' }, color },
        },
        {
          transform: [{ filter: 'isValid(datum.ref)' }],
          mark: { type: 'rule', strokeDash: [6, 4], color: '#000' },
          encoding: { y: { aggregate: 'mean', field: 'ref', type: 'quantitative' } },
        },
      ],
    },
    resolve: { scale: { y: 'independent' } },
  } as VegaLiteSpec;
}
