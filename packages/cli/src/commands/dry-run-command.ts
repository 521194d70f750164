import { EXPERIMENT_STAGES, type ExperimentStage, type Workspace } from '@genlab/spec';
import { loadWorkspaceFor } from '../load-specs';
import { UsageError } from '../exit-codes';
import { estimateSeconds, SpeedBook } from '../plan/estimate-seconds';
import { planStages, type StageRef } from '../plan/plan-stages';

/**
 * `genlab run <name> --dry-run` and `genlab report <name> --dry-run`: the stages Nx would run or
 * restore, why each runs, and how long it would take. Reads specs, manifests and Nx's cache
 * folder; starts no stage and no Nx process.
 */
export function dryRunCommand(
  root: string,
  name: string,
  opts: { until?: string; variant?: string; reportOnly?: boolean },
  out: (s: string) => void,
  warn?: (s: string) => void,
): number {
  const ws = loadWorkspaceFor(root, [name], warn);
  const targets = dryRunTargets(ws, name, opts);
  const plan = planStages(ws, targets);
  const book = new SpeedBook(root);
  const rows = plan.map((p) => ({ p, est: estimateSeconds(p, book) }));
  const who = (p: { name: string; variant: string }) => (p.variant === 'default' ? p.name : `${p.name}/${p.variant}`);
  const widths = [7, Math.max(...plan.map((p) => p.stage.length)), Math.max(...plan.map((p) => who(p).length))];
  out(`genlab ${opts.reportOnly ? 'report' : 'run'} ${name} --dry-run (nothing is started):\n\n`);
  for (const { p, est } of rows) {
    const time = p.action === 'run' ? `  ~${formatSeconds(est.seconds)} (${est.from})` : '';
    out(`  ${p.action.padEnd(widths[0])}  ${p.stage.padEnd(widths[1])}  ${who(p).padEnd(widths[2])}  ${p.reason}${time}\n`);
  }
  const running = rows.filter((r) => r.p.action === 'run');
  const known = running.filter((r) => r.est.seconds !== null);
  const total = known.reduce((s, r) => s + (r.est.seconds ?? 0), 0);
  const unknown = running.length - known.length;
  out(
    `\n${running.length} of ${plan.length} stage(s) would run${running.length ? `, about ${formatSeconds(total)}${unknown ? ` plus ${unknown} without an estimate` : ''}` : ''}; ${plan.length - running.length} restored from the cache.\n`,
  );
  return 0;
}

/** The stages `genlab run <name>` asks Nx for (the same resolution as run-command.ts). */
function dryRunTargets(ws: Workspace, name: string, opts: { until?: string; variant?: string; reportOnly?: boolean }): StageRef[] {
  const exp = ws.experiments.find((e) => e.spec.name === name);
  if (opts.reportOnly || !exp) {
    if (opts.until || opts.variant) throw new UsageError('--until and --variant apply to experiments only');
    if (ws.reports.some((r) => r.spec.name === name)) return [{ stage: 'report', name }];
    if (!opts.reportOnly && ws.evaluators.some((e) => e.spec.name === name)) return [{ stage: 'evaluator', name }];
    throw new UsageError(
      opts.reportOnly ? `no report named '${name}'` : `no experiment, evaluator or report named '${name}' (see genlab list)`,
    );
  }
  const until = (opts.until ?? 'evaluate') as ExperimentStage;
  if (!EXPERIMENT_STAGES.includes(until)) throw new UsageError(`--until expects one of ${EXPERIMENT_STAGES.join(', ')}, got '${until}'`);
  if (opts.variant && !exp.variants.some((v) => v.name === opts.variant)) {
    throw new UsageError(`experiment '${name}' has no variant '${opts.variant}' (variants: ${exp.variants.map((v) => v.name).join(', ')})`);
  }
  return exp.variants.filter((v) => !opts.variant || v.name === opts.variant).map((v) => ({ stage: until, name, variant: v.name }));
}

export function formatSeconds(s: number | null): string {
  if (s === null) return '?';
  if (s < 60) return `${s.toFixed(s < 10 ? 1 : 0)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
}
