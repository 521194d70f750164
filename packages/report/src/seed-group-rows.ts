import { formatParams, type TableRow, type Table } from './comparison-table';
import { formatEvaluator } from './one-evaluator';
import { fmt, fmtBackend, NONE } from './format-values';
import { meanSd, seedOf, type SeedGroup } from './seed-groups';
import type { VariantArtifacts } from './variant-artifacts';

/** `12.34 ± 0.56 (n = 3)`: mean ± sample standard deviation over the seeds of a group. */
export function fmtMeanSdN(values: (number | undefined | null)[], digits = 2): string {
  const m = meanSd(values);
  return m ? `${fmt(m.mean, digits)} ± ${fmt(m.sd, digits)} (n = ${m.n})` : NONE;
}

const distinct = (xs: string[]) => [...new Set(xs)].join('; ');

/** One comparison row for a group of seeds, in the columns of COMPARISON_COLUMNS. */
export function seedGroupRow(g: SeedGroup): TableRow {
  const ms = g.members;
  const metric = <T>(f: (v: VariantArtifacts) => T) => ms.map(f);
  const m = (v: VariantArtifacts) => v.metrics.metrics;
  const tr = (v: VariantArtifacts) =>
    (v.stages.train?.manifest.result ?? {}) as { trainSeconds?: number; imagesPerSec?: number; backend?: unknown };
  const latentDim = (ms[0].stages.model?.manifest.result as { latentDim?: number } | undefined)?.latentDim;
  const hasRecon = ms.some((v) => m(v).reconstruction);
  const hasModes = ms.some((v) => m(v).modeCoverage);
  return {
    kind: 'experiment',
    key: g.label,
    cells: [
      `${g.label}, seeds ${g.seeds.join(', ')}`,
      `${ms[0].kind.toUpperCase()}${typeof latentDim === 'number' ? `, latent ${latentDim}` : ''}`,
      formatParams(ms[0].stages.model?.manifest.result.params),
      `${fmtMeanSdN(
        metric((v) => tr(v).trainSeconds),
        1,
      )} s`,
      fmtMeanSdN(
        metric((v) => tr(v).imagesPerSec),
        1,
      ),
      distinct(ms.map((v) => fmtBackend(tr(v).backend ?? v.stages.train?.manifest.backend))),
      fmtMeanSdN(metric((v) => m(v).fid?.value)),
      fmtMeanSdN(metric((v) => m(v).is?.mean)),
      hasRecon
        ? `${fmtMeanSdN(
            metric((v) => m(v).reconstruction?.mse),
            4,
          )} / ${fmtMeanSdN(
            metric((v) => m(v).reconstruction?.bce),
            4,
          )}`
        : NONE,
      hasModes
        ? `${fmtMeanSdN(
            metric((v) => m(v).modeCoverage?.classesCovered),
            1,
          )}/10, ${fmtMeanSdN(
            metric((v) => m(v).modeCoverage?.klFromUniform),
            3,
          )}`
        : NONE,
      fmtMeanSdN(
        metric((v) => m(v).precision?.value),
        3,
      ),
      fmtMeanSdN(
        metric((v) => m(v).recall?.value),
        3,
      ),
      distinct(ms.map((v) => formatEvaluator(v.metrics.evaluator))),
    ],
  };
}

export const SEED_DETAIL_COLUMNS = [
  'group',
  'seed',
  'experiment / variant',
  'classifier-FID ↓',
  'classifier-IS ↑',
  'reconstruction MSE',
  'precision ↑',
  'recall ↑',
  'training time (s)',
];

/** Every seed's own values for the groups of more than one seed; null when there are none. */
export function seedDetailsTable(groups: SeedGroup[]): Table | null {
  const rows: TableRow[] = groups
    .filter((g) => g.members.length > 1)
    .flatMap((g) =>
      g.members.map((v) => {
        const m = v.metrics.metrics;
        const tr = (v.stages.train?.manifest.result ?? {}) as { trainSeconds?: number };
        return {
          kind: 'experiment' as const,
          key: v.key,
          cells: [
            g.label,
            String(seedOf(v)),
            v.key,
            fmt(m.fid?.value),
            fmt(m.is?.mean),
            fmt(m.reconstruction?.mse, 4),
            fmt(m.precision?.value, 3),
            fmt(m.recall?.value, 3),
            fmt(tr.trainSeconds, 1),
          ],
        };
      }),
    );
  return rows.length > 0 ? { columns: SEED_DETAIL_COLUMNS, rows } : null;
}
