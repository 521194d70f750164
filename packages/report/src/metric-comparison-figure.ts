import type { VegaLiteSpec } from './render-chart-png';
import type { VariantArtifacts } from './variant-artifacts';

/** One bar: a variant's value of a metric, its spread (IS std) and its real-data reference. */
export interface MetricBar {
  key: string;
  experiment: string;
  value: number;
  lo?: number;
  hi?: number;
  ref?: number;
}

export type MetricName = 'fid' | 'is' | 'precision' | 'recall';

/** The bars of one metric, only for variants that have it (a VAE-only report still has FID). */
export function metricBars(variants: VariantArtifacts[], metric: MetricName): MetricBar[] {
  const bars: MetricBar[] = [];
  for (const v of variants) {
    const m = v.metrics.metrics;
    const ref = v.metrics.reference;
    const base = { key: v.key, experiment: v.experiment };
    if (metric === 'fid' && m.fid) bars.push({ ...base, value: m.fid.value, ref: ref?.fid });
    if (metric === 'is' && m.is)
      bars.push({ ...base, value: m.is.mean, lo: m.is.mean - m.is.std, hi: m.is.mean + m.is.std, ref: ref?.is?.mean });
    if (metric === 'precision' && m.precision) bars.push({ ...base, value: m.precision.value, ref: ref?.precision });
    if (metric === 'recall' && m.recall) bars.push({ ...base, value: m.recall.value, ref: ref?.recall });
  }
  return bars;
}

/**
 * Bars per variant with the real-data reference as a dashed line: one line across the panel
 * when every variant shares the reference, else a black tick over each bar (its own reference).
 */
export function metricPanel(
  bars: MetricBar[],
  yTitle: string,
  opts: { errorBars?: boolean; unitInterval?: boolean } = {},
): Record<string, unknown> {
  const keys = bars.map((b) => b.key);
  const x = { field: 'key', type: 'nominal', title: null, sort: keys, axis: { labelAngle: -30, labelLimit: 0 } };
  const y = { field: 'value', type: 'quantitative', title: yTitle, ...(opts.unitInterval ? { scale: { domain: [0, 1] } } : {}) };
  const layers: Record<string, unknown>[] = [
    {
      mark: { type: 'bar', width: { band: 0.7 } },
      encoding: { x, y, color: { field: 'experiment', type: 'nominal', title: 'experiment' } },
    },
  ];
  if (opts.errorBars)
    layers.push({ mark: { type: 'rule', color: '#222' }, encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } } });
  const refs = [...new Set(bars.map((b) => b.ref).filter((r): r is number => typeof r === 'number'))];
  if (refs.length === 1 && bars.every((b) => b.ref === refs[0])) {
    const once = { data: { values: [{}] } }; // one line and one label, not one per bar
    layers.push({ ...once, mark: { type: 'rule', strokeDash: [6, 4], color: '#000' }, encoding: { y: { datum: refs[0] } } });
    layers.push({
      ...once,
      mark: { type: 'text', align: 'right', dy: -7, fontSize: 11 },
      encoding: { y: { datum: refs[0] }, x: { value: 'width' }, text: { value: `real data ${formatRef(refs[0])}` } },
    });
  } else if (refs.length > 0) {
    layers.push({
      transform: [{ filter: 'isValid(datum.ref)' }],
      mark: { type: 'tick', color: '#000', thickness: 2, strokeDash: [4, 2] },
      encoding: { x, y: { field: 'ref', type: 'quantitative' } },
    });
  }
  return { width: Math.max(160, 60 * bars.length), height: 200, data: { values: bars }, layer: layers };
}

function formatRef(r: number): string {
  return Math.abs(r) >= 10 ? r.toFixed(1) : r.toFixed(2);
}

/** Paper sections 3.5 and 3.8. Figure specs by id: classifier-FID, classifier-IS (± std), and precision / recall side by side. */
export function metricComparisonCharts(variants: VariantArtifacts[]): { base: string; fallbackTitle: string; spec: VegaLiteSpec }[] {
  const out: { base: string; fallbackTitle: string; spec: VegaLiteSpec }[] = [];
  const wrap = (s: Record<string, unknown>) => ({ $schema: 'https://vega.github.io/schema/vega-lite/v5.json', ...s }) as VegaLiteSpec;
  const fid = metricBars(variants, 'fid');
  if (fid.length > 0)
    out.push({
      base: 'metric-fid',
      fallbackTitle: 'Classifier-FID (lower is better; dashed: real data)',
      spec: wrap(metricPanel(fid, 'classifier-FID')),
    });
  const is = metricBars(variants, 'is');
  if (is.length > 0)
    out.push({
      base: 'metric-is',
      fallbackTitle: 'Classifier-IS, mean ± std (higher is better; dashed: real data)',
      spec: wrap(metricPanel(is, 'classifier-IS', { errorBars: true })),
    });
  const p = metricBars(variants, 'precision');
  const r = metricBars(variants, 'recall');
  if (p.length + r.length > 0) {
    const panels = [
      p.length > 0 ? metricPanel(p, 'precision', { unitInterval: true }) : null,
      r.length > 0 ? metricPanel(r, 'recall', { unitInterval: true }) : null,
    ];
    out.push({
      base: 'metric-precision-recall',
      fallbackTitle: 'Precision and recall (k-NN manifolds; dashed: real data)',
      spec: wrap({ hconcat: panels.filter(Boolean) }),
    });
  }
  return out;
}
