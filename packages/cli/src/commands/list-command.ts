import { EXPERIMENT_STAGES, changedPaths, loadWorkspace, type ExperimentSpec, type Stage } from '@genlab/spec';
import { resolveStage } from '../resolve-stage';
import { readManifestOrNull } from './run-helpers';
import { unfinishedTraining } from './unfinished-training';
import { studyJobsText } from '@genlab/cluster';

export const LIST_HELP = `genlab list

Lists experiments (with their sweep variants), evaluators and reports, and the state of each
stage's artifact: done (matches the current spec), stale (made from an older spec) or - (none).
A train stage under way shows its epochs: "3/10 running" (a live process trains it) or
"3/10 stopped, resumes at 2" (genlab run goes on from that checkpoint).
Below the table, each stale stage with the spec fields that changed since it ran.`;

export function listCommand(root: string, out: (s: string) => void): number {
  const ws = loadWorkspace(root);
  const stale: string[] = [];
  const state = (stage: Stage, name: string, variant?: string) => {
    const r = resolveStage(ws, stage, name, variant);
    const m = readManifestOrNull(r.dir, r);
    if (m?.fingerprint === r.fingerprint) return 'done';
    const partial = stage === 'train' ? unfinishedTraining(root, r) : null;
    if (partial) {
      const epochs = `${partial.epochsDone}/${(r.spec as ExperimentSpec).train.epochs}`;
      return partial.running ? `${epochs} running` : `${epochs} stopped, resumes at ${partial.checkpoint ?? 0}`;
    }
    if (m === null) return '-';
    // The same reason `genlab run --dry-run` gives: which fields, by dotted path.
    stale.push(`  ${r.variant === 'default' ? name : `${name}/${r.variant}`} ${stage}: changed ${changedPaths(m.slice, r.slice).join(', ')}`);
    return 'stale';
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
  if (stale.length > 0) out(`stale (genlab run <name> --dry-run shows what would rerun):\n${stale.join('\n')}\n`);
  // Studies submitted to Slurm (genlab submit): their jobs' state; nothing when none was.
  out(studyJobsText(root));
  return 0;
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()).join('\n') + '\n';
}
