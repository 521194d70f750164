import { EXPERIMENT_STAGES, loadWorkspace, type Stage } from '@genlab/spec';
import { resolveStage } from '../resolve-stage';
import { readManifestOrNull } from './run-helpers';

export const LIST_HELP = `genlab list

Lists experiments (with their sweep variants), evaluators and reports, and the state of each
stage's artifact: done (matches the current spec), stale (made from an older spec) or - (none).`;

export function listCommand(root: string, out: (s: string) => void): number {
  const ws = loadWorkspace(root);
  const state = (stage: Stage, name: string, variant?: string) => {
    const r = resolveStage(ws, stage, name, variant);
    const m = readManifestOrNull(r.dir, r);
    return m === null ? '-' : m.fingerprint === r.fingerprint ? 'done' : 'stale';
  };
  const rows: string[][] = [['name', 'variant', ...EXPERIMENT_STAGES]];
  for (const e of ws.experiments) {
    for (const v of e.variants) rows.push([e.spec.name, v.name, ...EXPERIMENT_STAGES.map((s) => state(s, e.spec.name, v.name))]);
  }
  out(table(rows));
  out('\nevaluators:\n');
  for (const e of ws.evaluators) out(`  ${e.spec.name.padEnd(24)} evaluator: ${state('evaluator', e.spec.name)}\n`);
  out('reports:\n');
  for (const r of ws.reports) out(`  ${r.spec.name.padEnd(24)} report: ${state('report', r.spec.name)}  (${r.spec.experiments.join(', ')})\n`);
  return 0;
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()).join('\n') + '\n';
}

