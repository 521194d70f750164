import { KEY_METRICS } from './key-metrics';
import type { ComparedRun } from './compared-run';
import { UnknownRunError } from './compared-run';

/** One metric of one run against the baseline's. */
export interface CompareCell {
  value: number | null;
  /** value - baseline; null when either is missing (and for the baseline itself). */
  delta: number | null;
  /** delta / |baseline|; null when undefined. */
  relative: number | null;
  /** Whether the delta is an improvement by the metric's direction; null without a delta or when 0. */
  better: boolean | null;
}

export interface CompareTable {
  baseline: string;
  metrics: { id: string; label: string; better: 'lower' | 'higher'; digits: number }[];
  rows: { key: string; kind: string | null; epoch: number | null; note: string | null; cells: Record<string, CompareCell> }[];
}

/**
 * The metrics of `runs` with differences against `baseline` (a run key, or an experiment name
 * when that experiment has exactly one compared variant; default: the first run). Metrics no
 * run has are left out; a metric some runs lack stays, with null for them.
 */
export function buildCompareTable(runs: ComparedRun[], baseline?: string): CompareTable {
  if (runs.length === 0) throw new UnknownRunError('nothing to compare: name at least one experiment');
  const base = findBaseline(runs, baseline);
  const metrics = KEY_METRICS.filter((m) => runs.some((r) => r.metrics[m.id] !== null)).map(({ id, label, better, digits }) => ({
    id,
    label,
    better,
    digits,
  }));
  const rows = runs.map((r) => ({
    key: r.key,
    kind: r.kind,
    epoch: r.epoch,
    note: r.note,
    cells: Object.fromEntries(metrics.map((m) => [m.id, cell(r.metrics[m.id], r === base ? null : base.metrics[m.id], m.better)])),
  }));
  return { baseline: base.key, metrics, rows };
}

function findBaseline(runs: ComparedRun[], baseline: string | undefined): ComparedRun {
  if (baseline === undefined) return runs[0];
  const hit =
    runs.find((r) => r.key === baseline) ??
    (runs.filter((r) => r.experiment === baseline).length === 1 ? runs.find((r) => r.experiment === baseline) : undefined);
  if (!hit) throw new UnknownRunError(`--baseline '${baseline}' is not one of the compared runs (${runs.map((r) => r.key).join(', ')})`);
  return hit;
}

function cell(value: number | null, base: number | null, direction: 'lower' | 'higher'): CompareCell {
  if (value === null || base === null) return { value, delta: null, relative: null, better: null };
  const delta = value - base;
  return {
    value,
    delta,
    relative: base !== 0 ? delta / Math.abs(base) : null,
    better: delta === 0 ? null : delta < 0 === (direction === 'lower'),
  };
}
