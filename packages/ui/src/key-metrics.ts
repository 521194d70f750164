// The metrics genlab compare and the ui show for a run, each read from one place in its
// metrics.json (docs/artifacts.md). A metric an artifact does not hold is null ("missing"),
// never 0: older evaluate formats and the other model kind lack some of them.

export interface KeyMetric {
  id: string;
  label: string;
  /** Which way is better: deltas are coloured by it. */
  better: 'lower' | 'higher';
  /** Decimals shown. */
  digits: number;
  read: (metrics: Record<string, unknown>) => number | null;
}

const num = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);
const at = (m: Record<string, unknown>, ...path: string[]): unknown =>
  path.reduce<unknown>((o, k) => (typeof o === 'object' && o !== null ? (o as Record<string, unknown>)[k] : undefined), m);

export const KEY_METRICS: KeyMetric[] = [
  { id: 'fid', label: 'classifier-FID', better: 'lower', digits: 2, read: (m) => num(at(m, 'fid', 'value')) },
  { id: 'is', label: 'classifier-IS', better: 'higher', digits: 2, read: (m) => num(at(m, 'is', 'mean')) },
  { id: 'precision', label: 'precision', better: 'higher', digits: 3, read: (m) => num(at(m, 'precision', 'value')) },
  { id: 'recall', label: 'recall', better: 'higher', digits: 3, read: (m) => num(at(m, 'recall', 'value')) },
  { id: 'reconstructionMse', label: 'reconstruction MSE', better: 'lower', digits: 4, read: (m) => num(at(m, 'reconstruction', 'mse')) },
  {
    id: 'classesCovered',
    label: 'classes covered',
    better: 'higher',
    digits: 0,
    read: (m) => num(at(m, 'modeCoverage', 'classesCovered')),
  },
  { id: 'klFromUniform', label: 'KL from uniform', better: 'lower', digits: 3, read: (m) => num(at(m, 'modeCoverage', 'klFromUniform')) },
  { id: 'recognisable', label: 'recognisable', better: 'higher', digits: 3, read: (m) => num(at(m, 'recognisable', 'value')) },
  { id: 'diversityRatio', label: 'diversity ratio', better: 'higher', digits: 3, read: (m) => num(at(m, 'diversity', 'ratio')) },
];

/** `{fid: 14.2, is: 8.31, ..., recognisable: null}` from a metrics.json's `metrics` object. */
export function readKeyMetrics(metrics: unknown): Record<string, number | null> {
  const m = typeof metrics === 'object' && metrics !== null ? (metrics as Record<string, unknown>) : {};
  return Object.fromEntries(KEY_METRICS.map((k) => [k.id, k.read(m)]));
}
