import type { CompareCell, CompareTable } from './compare-table';

const GREEN = '\x1b[32m';
const RED = '\x1b[31m';
const DIM = '\x1b[2m';
const RESET = '\x1b[0m';
export const MISSING = 'missing';

/**
 * The compare table for a terminal: one row per metric, one column per run (the baseline first
 * as compared), each other run's cell as `value (+delta, +rel%)`. `colour`: deltas green when
 * better, red when worse (a TTY); plain text otherwise. A metric a run lacks reads "missing".
 */
export function formatCompareTable(t: CompareTable, opts: { colour: boolean }): string {
  const header = ['metric', ...t.rows.map((r) => (r.key === t.baseline ? `${r.key} (baseline)` : r.key))].map(text);
  const body = t.metrics.map((m) => [
    text(m.label + (m.better === 'lower' ? ' ↓' : ' ↑')),
    ...t.rows.map((r) => cellText(r.cells[m.id], m.digits, r.key === t.baseline)),
  ]);
  const rows = [header, ...body];
  const widths = header.map((_, i) => Math.max(...rows.map((r) => r[i].plain.length)));
  const line = (r: Text[], colour: boolean) =>
    r
      .map((c, i) =>
        i === 0 ? c.show(colour) + ' '.repeat(widths[i] - c.plain.length) : ' '.repeat(widths[i] - c.plain.length) + c.show(colour),
      )
      .join('  ')
      .trimEnd();
  const rule = '-'.repeat(line(header, false).length);
  const notes = t.rows.filter((r) => r.note).map((r) => `${r.key}: ${r.note}`);
  return [line(header, opts.colour), rule, ...body.map((r) => line(r, opts.colour)), ...notes].join('\n') + '\n';
}

interface Text {
  plain: string;
  show: (colour: boolean) => string;
}

const text = (s: string): Text => ({ plain: s, show: () => s });

function cellText(c: CompareCell, digits: number, isBaseline: boolean): Text {
  if (c.value === null) return { plain: MISSING, show: (colour) => (colour ? `${DIM}${MISSING}${RESET}` : MISSING) };
  const v = c.value.toFixed(digits);
  if (isBaseline || c.delta === null) return text(v);
  const sign = c.delta > 0 ? '+' : c.delta < 0 ? '-' : '±';
  const rel = c.relative === null ? '' : `, ${sign}${Math.abs(c.relative * 100).toFixed(1)}%`;
  const d = `(${sign}${Math.abs(c.delta).toFixed(digits)}${rel})`;
  const code = c.better === null ? null : c.better ? GREEN : RED;
  return { plain: `${v} ${d}`, show: (colour) => (colour && code ? `${v} ${code}${d}${RESET}` : `${v} ${d}`) };
}
