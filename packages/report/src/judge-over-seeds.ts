import type { ClaimRow, Verdict } from './claims-table';
import { fmt } from './format-values';
import { meanSd } from './seed-groups';

// A claim judged on one run says what that run shows; repeated over seeds it says whether the
// finding is the configuration's or the seed's. The rule, also in the report's claims notes:
export const SEED_VERDICT_RULE =
  'Over seeds, each claim is judged on every seed pair (the GAN and VAE runs with the same seed, or each GAN seed against a single VAE run) ' +
  'and the verdicts are counted: it holds when it holds in every seed whose numbers exist, does not hold when it holds in none, and is ' +
  'inconclusive otherwise ("holds in 2/3 seeds"); a seed whose own verdict is inconclusive counts as not holding. Each side shows ' +
  'mean ± sample standard deviation (n) over the seeds. A claim judged on a single pair of runs says so.';

export interface SeedRows {
  /** The seed of this pair, as a label ("42", or "42 / 7" when the sides differ). */
  seeds: string;
  /** That pair's claim rows, the same claims in the same order for every pair. */
  rows: ClaimRow[];
}

/** One row per claim over all the pairs' seeds (a single pair: its rows, marked as one run). */
export function judgeOverSeeds(pairs: SeedRows[]): ClaimRow[] {
  if (pairs.length === 1) {
    const { seeds, rows } = pairs[0]!;
    return rows.map((r) => ({ ...r, note: [r.note, `one run per side (seed ${seeds})`].filter(Boolean).join('; ') }));
  }
  return pairs[0]!.rows.map((first, i) => {
    const perSeed = pairs.map((p) => ({ seeds: p.seeds, row: p.rows[i]! }));
    const { verdict, count } = overallVerdict(perSeed.map((s) => s.row.verdict));
    return {
      ...first,
      gan: acrossSeeds(
        perSeed.map((s) => s.row),
        'gan',
      ),
      vae: acrossSeeds(
        perSeed.map((s) => s.row),
        'vae',
      ),
      verdict,
      note: [count, `per seed: ${perSeed.map((s) => `${s.seeds} ${s.row.verdict}`).join(', ')}`, first.note].filter(Boolean).join('; '),
      values: undefined,
    };
  });
}

/** mean ± sd (n) of a side's deciding number over the seeds; the seeds' own cells where there is none. */
function acrossSeeds(rows: ClaimRow[], side: 'gan' | 'vae'): string {
  const digits = rows[0]!.values?.digits;
  const stats = digits === undefined ? null : meanSd(rows.map((r) => r.values?.[side]));
  if (stats && digits !== undefined) return `${fmt(stats.mean, digits)} ± ${fmt(stats.sd, digits)} (n = ${stats.n})`;
  const cells = [...new Set(rows.map((r) => r[side]))];
  return cells.join(' | ');
}

/** The counting rule of SEED_VERDICT_RULE; the note says the count. */
export function overallVerdict(perSeed: Verdict[]): { verdict: Verdict; count: string } {
  const measured = perSeed.filter((v) => v !== 'not measured');
  if (measured.length === 0) return { verdict: 'not measured', count: 'not measured in any seed' };
  if (measured.every((v) => v === 'descriptive')) return { verdict: 'descriptive', count: '' };
  const holds = measured.filter((v) => v === 'holds').length;
  const count = `holds in ${holds}/${measured.length} seeds`;
  const verdict: Verdict = holds === measured.length ? 'holds' : holds === 0 ? 'does not hold' : 'inconclusive';
  return { verdict, count };
}
