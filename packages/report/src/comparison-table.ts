import { fmt, fmtBackend, fmtInt, fmtMeanStd, fmtSeconds, NONE } from './format-values';
import { evaluatorIdentity, formatEvaluator } from './one-evaluator';
import { PAPER_FIGURES } from './paper-figures';
import type { MetricsJson, VariantArtifacts } from './variant-artifacts';
import { groupBySeed } from './seed-groups';
import { seedGroupRow } from './seed-group-rows';

/** A row of the comparison: a compared variant, a real-data reference, or the paper's own figure. */
export interface TableRow {
  kind: 'experiment' | 'reference' | 'paper';
  /** `exp/variant` for experiment rows (the `data-experiment` attribute of its `<tr>`). */
  key?: string;
  cells: string[];
}

export interface Table {
  columns: string[];
  rows: TableRow[];
}

/** Paper section 3.8.3: network size, training time, sample quality, mode collapse vs blur. */
export const COMPARISON_COLUMNS = [
  'experiment / variant',
  'model',
  'parameters',
  'training time',
  'images/s',
  'backend',
  'classifier-FID ↓',
  'classifier-IS ↑ (mean ± std)',
  'reconstruction error (MSE / BCE)',
  'mode coverage (classes, KL from uniform)',
  'precision ↑',
  'recall ↑',
  'evaluator (fingerprint, test accuracy)',
];

/** One row per variant; variants that differ only in their seed share one mean ± sd row (seed-group-rows.ts). */
export function buildComparisonTable(variants: VariantArtifacts[], paperFigures: boolean): Table {
  const rows: TableRow[] = groupBySeed(variants).map((g) =>
    g.members.length > 1 ? seedGroupRow(g) : { kind: 'experiment', key: g.members[0].key, cells: experimentCells(g.members[0]) },
  );
  rows.push(...referenceRows(variants));
  if (paperFigures) rows.push(...paperRows());
  return { columns: COMPARISON_COLUMNS, rows };
}

/** "generator 1,055,233 + discriminator 4,312,193 = 5,367,426" from model result.params. */
export function formatParams(params: unknown): string {
  if (typeof params !== 'object' || params === null) return NONE;
  const p = params as Record<string, number>;
  const nets = Object.keys(p).filter((k) => k !== 'total');
  const total = p.total ?? nets.reduce((s, k) => s + p[k], 0);
  return `${nets.map((k) => `${k} ${fmtInt(p[k])}`).join(' + ')} = ${fmtInt(total)}`;
}

function experimentCells(v: VariantArtifacts): string[] {
  // Imported samples (samples.from) have no model or training of genlab's: those cells stay empty.
  const train = v.stages.train?.manifest;
  const tr = (train?.result ?? {}) as { trainSeconds?: number; imagesPerSec?: number; backend?: unknown };
  const m = v.metrics.metrics;
  const latentDim = (v.stages.model?.manifest.result as { latentDim?: number } | undefined)?.latentDim;
  return [
    v.key,
    `${v.kind.toUpperCase()}${typeof latentDim === 'number' ? `, latent ${latentDim}` : ''}`,
    formatParams(v.stages.model?.manifest.result.params),
    fmtSeconds(tr.trainSeconds),
    fmt(tr.imagesPerSec, 1),
    train ? fmtBackend(tr.backend ?? train.backend) : NONE,
    fmt(m.fid?.value),
    fmtMeanStd(m.is?.mean, m.is?.std),
    m.reconstruction ? `${fmt(m.reconstruction.mse, 4)} / ${fmt(m.reconstruction.bce, 4)}` : NONE,
    m.modeCoverage ? `${m.modeCoverage.classesCovered}/10, ${fmt(m.modeCoverage.klFromUniform, 3)}` : NONE,
    fmt(m.precision?.value, 3),
    fmt(m.recall?.value, 3),
    formatEvaluator(v.metrics.evaluator),
  ];
}

/**
 * One row per distinct real-data reference (floor of FID, ceiling of IS); variants evaluated
 * against the same test subset by the same evaluator share it.
 */
export function referenceRows(variants: VariantArtifacts[]): TableRow[] {
  const groups = new Map<string, { ref: NonNullable<MetricsJson['reference']>; keys: string[] }>();
  const evaluators = new Map(variants.map((v) => [v.key, formatEvaluator(v.metrics.evaluator)]));
  for (const v of variants) {
    const ref = v.metrics.reference;
    if (!ref) continue;
    const id = JSON.stringify([evaluatorIdentity(v.metrics.evaluator), ref]);
    const g = groups.get(id) ?? { ref, keys: [] };
    g.keys.push(v.key);
    groups.set(id, g);
  }
  return [...groups.values()].map(({ ref, keys }) => ({
    kind: 'reference',
    cells: [
      `real data (reference for ${keys.length === variants.length && variants.length > 1 ? 'every compared variant' : keys.join(', ')})`,
      ref.definition ?? 'real images',
      NONE,
      NONE,
      NONE,
      NONE,
      fmt(ref.fid),
      fmtMeanStd(ref.is?.mean, ref.is?.std),
      NONE,
      NONE,
      fmt(ref.precision, 3),
      fmt(ref.recall, 3),
      evaluators.get(keys[0]) ?? NONE,
    ],
  }));
}

function paperRows(): TableRow[] {
  const blank = (n: number) => Array.from({ length: n }, () => NONE);
  return [
    {
      kind: 'paper',
      cells: [
        'paper (Inception features)',
        'GAN, latent 100',
        ...blank(4),
        fmt(PAPER_FIGURES.gan.fid),
        fmt(PAPER_FIGURES.gan.is),
        ...blank(4),
        'Inception-v3',
      ],
    },
    {
      kind: 'paper',
      cells: [
        'paper (Inception features)',
        'VAE, latent 10',
        ...blank(4),
        fmt(PAPER_FIGURES.vae.fid),
        NONE,
        fmt(PAPER_FIGURES.vae.reconstruction, 3),
        ...blank(3),
        'Inception-v3',
      ],
    },
  ];
}
