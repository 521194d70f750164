import { join } from 'node:path';
import { readManifest } from '@genlab/artifacts';
import {
  findSweptFields,
  loadVariant,
  lossCurveChart,
  readLosses,
  sweepChart,
  type LossRecord,
  type VariantArtifacts,
  type VegaLiteSpec,
} from '@genlab/report';
import { artifactDir } from '@genlab/spec';
import { buildCompareTable, type CompareTable } from './compare-table';
import { loadComparedRuns } from './compared-run';

export interface ComparePageData {
  table: CompareTable;
  /** The report's loss-curve chart, one line per run (overlaid). */
  lossChart: VegaLiteSpec | null;
  /** Each run's train grids by epoch (URLs the ui serves). */
  grids: Record<string, Record<string, string>>;
  /** For a sweep: the report's metric-against-swept-value chart; null otherwise. */
  sweepChart: VegaLiteSpec | null;
  sweptField: string | null;
}

/** Everything the compare page shows for `refs`, read from their artifacts. */
export function comparePageData(root: string, refs: string[], baseline?: string): ComparePageData {
  const runs = loadComparedRuns(root, refs);
  const table = buildCompareTable(runs, baseline);
  const losses: { variant: string; losses: LossRecord[] }[] = [];
  const grids: ComparePageData['grids'] = {};
  for (const r of runs) {
    const dir = artifactDir(root, r.experiment, r.variant, 'train');
    try {
      const files = readManifest(dir, { stage: 'train', name: r.experiment, variant: r.variant }, { verify: false }).manifest.files;
      losses.push({ variant: r.key, losses: readLosses(dir) });
      const enc = encodeURIComponent;
      grids[r.key] = Object.fromEntries(
        files.flatMap((f) => {
          const m = /^grids\/epoch-(\d{4,})\.png$/.exec(f);
          return m ? [[String(Number(m[1])), `/files/${enc(r.experiment)}/${enc(r.variant)}/train/${f}`]] : [];
        }),
      );
    } catch {
      grids[r.key] = {};
    }
  }
  const { chart, field } = sweep(
    root,
    runs.map((r) => r.key),
  );
  return { table, lossChart: losses.length > 0 ? lossCurveChart(losses) : null, grids, sweepChart: chart, sweptField: field };
}

/** The report's sweep chart when the runs are variants of one experiment (a sweep) and all have their artifacts. */
function sweep(root: string, keys: string[]): { chart: VegaLiteSpec | null; field: string | null } {
  if (keys.length < 2 || new Set(keys.map((k) => k.split('/')[0])).size > 1) return { chart: null, field: null };
  let variants: VariantArtifacts[];
  try {
    variants = keys.map((key) => {
      const [name, variant] = key.split('/');
      return loadVariant(
        key,
        readManifest(join(root, 'artifacts', name, variant, 'evaluate'), { stage: 'evaluate', name, variant }, { verify: false }),
      );
    });
  } catch {
    return { chart: null, field: null };
  }
  const fields = findSweptFields(variants);
  return fields.length > 0 ? { chart: sweepChart(variants, fields[0]), field: fields[0].path } : { chart: null, field: null };
}
