/** Number formatting shared by the tables: a missing value is an em dash, never a made-up 0. */
export const NONE = '—';

export function fmt(value: unknown, digits = 2): string {
  return typeof value === 'number' && Number.isFinite(value) ? value.toFixed(digits) : NONE;
}

export function fmtInt(value: unknown): string {
  return typeof value === 'number' && Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : NONE;
}

export function fmtMeanStd(mean: unknown, std: unknown, digits = 2): string {
  if (typeof mean !== 'number') return NONE;
  return typeof std === 'number' ? `${fmt(mean, digits)} ± ${fmt(std, digits)}` : fmt(mean, digits);
}

export function fmtSeconds(sec: unknown): string {
  if (typeof sec !== 'number' || !Number.isFinite(sec)) return NONE;
  if (sec < 120) return `${sec.toFixed(1)} s`;
  if (sec < 7200) return `${(sec / 60).toFixed(1)} min`;
  return `${(sec / 3600).toFixed(2)} h`;
}

/** A backend as recorded in provenance: a name, or `{name, threads, simd}`. */
export function fmtBackend(b: unknown): string {
  if (typeof b === 'string') return b;
  if (typeof b !== 'object' || b === null) return NONE;
  const { name, threads, simd } = b as { name?: string; threads?: number; simd?: boolean };
  const extras = [typeof threads === 'number' ? `${threads} thread${threads === 1 ? '' : 's'}` : '', simd === true ? 'SIMD' : ''].filter(
    Boolean,
  );
  return `${name ?? '?'}${extras.length > 0 ? ` (${extras.join(', ')})` : ''}`;
}
