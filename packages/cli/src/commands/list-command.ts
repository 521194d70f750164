import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ArtifactError, readManifest } from '@genlab/artifacts';
import { EXPERIMENT_STAGES, formatIssue, loadWorkspaceLenient, type ExperimentSpec, type Stage } from '@genlab/spec';
import { UsageError } from '../exit-codes';
import { planStages, type PlannedStage, type StageRef } from '../plan/plan-stages';
import { headlineMetrics, type HeadlineMetrics } from './run-summary';
import { unfinishedTraining } from './unfinished-training';
import { studyJobsText } from '@genlab/cluster';
import { defineCommand, positionalsOf } from '../command-declaration';

export const LIST_DECLARATION = defineCommand({
  name: 'list',
  usage: ['list [name]'],
  summary: 'experiments, variants, reports, which stages are done and why the rest would run',
  description: `Lists experiments (with their sweep variants), evaluators and reports (or only <name>), and the
state of each stage: done (its artifact is what genlab run would keep), cached (not on disk,
but genlab run restores it from the Nx cache), stale (genlab run would rerun it), damaged (a
file its manifest lists is missing or has another size, or the manifest is unreadable; genlab
verify checks every SHA-256) or - (never run). A train stage under way shows its epochs:
"3/10 running" (a live process trains it) or "3/10 stopped, resumes at 2".
Below the table, each stage genlab run would rerun, with the reason genlab run --dry-run gives
(the same code decides both): changed fields, code changed, an upstream stage runs.`,
  flags: {
    metrics: { type: 'boolean', help: "add each evaluated variant's classifier-FID, classifier-IS and classes covered" },
    json: { type: 'boolean', help: 'print it all as one JSON object, for scripts' },
  },
  notes: 'Invalid specs are listed at the end with their first problem (genlab validate shows all).',
  run: (c) => {
    const [name] = positionalsOf(c, 0, 1);
    return listCommand(c.root(), c.out, { name, metrics: c.values.metrics, json: c.values.json });
  },
});

/** One stage's state in the list, and why it is not done. */
export interface ListedStage {
  state: string;
  reason?: string;
}

interface ListedRow {
  name: string;
  variant: string;
  stages: Record<string, ListedStage>;
  metrics?: HeadlineMetrics | null;
}

export function listCommand(
  root: string,
  out: (s: string) => void,
  opts: { name?: string; metrics?: boolean; json?: boolean } = {},
): number {
  const { ws, broken } = loadWorkspaceLenient(root);
  const wanted = (n: string) => opts.name === undefined || n === opts.name;
  if (
    opts.name !== undefined &&
    ![...ws.experiments, ...ws.evaluators, ...ws.reports].some((l) => l.spec.name === opts.name) &&
    !broken.some((b) => b.name === opts.name)
  ) {
    throw new UsageError(`no experiment, evaluator or report named '${opts.name}' (see genlab list)`);
  }
  const targets: StageRef[] = [
    ...ws.experiments
      .filter((e) => wanted(e.spec.name))
      .flatMap((e) => e.variants.map((v) => ({ stage: 'evaluate' as const, name: e.spec.name, variant: v.name }))),
    ...ws.evaluators.filter((e) => wanted(e.spec.name)).map((e) => ({ stage: 'evaluator' as const, name: e.spec.name })),
    ...ws.reports.filter((r) => wanted(r.spec.name)).map((r) => ({ stage: 'report' as const, name: r.spec.name })),
  ];
  // The plan genlab run --dry-run prints, for every stage at once: one code path for both.
  const plan = new Map(planStages(ws, targets).map((p) => [`${p.name}/${p.variant}/${p.stage}`, p]));
  // An experiment that imports its samples has no model or train stage: nothing planned, 'n/a'.
  const state = (name: string, variant: string, stage: Stage): ListedStage => {
    const p = plan.get(`${name}/${variant}/${stage}`);
    return p ? listedStage(root, p) : { state: 'n/a' };
  };
  const rows: ListedRow[] = ws.experiments
    .filter((e) => wanted(e.spec.name))
    .flatMap((e) =>
      e.variants.map((v) => ({
        name: e.spec.name,
        variant: v.name,
        stages: Object.fromEntries(EXPERIMENT_STAGES.map((s) => [s, state(e.spec.name, v.name, s)])),
        ...(opts.metrics || opts.json ? { metrics: headlineMetrics(root, e.spec.name, v.name) } : {}),
      })),
    );
  const evaluators = ws.evaluators
    .filter((e) => wanted(e.spec.name))
    .map((e) => ({ name: e.spec.name, evaluator: state(e.spec.name, 'default', 'evaluator') }));
  const reports = ws.reports
    .filter((r) => wanted(r.spec.name))
    .map((r) => ({ name: r.spec.name, experiments: r.spec.experiments, report: state(r.spec.name, 'default', 'report') }));
  const invalid = broken.filter((b) => wanted(b.name)).map((b) => ({ name: b.name, file: b.file, problems: b.issues.map(formatIssue) }));
  if (opts.json) {
    out(`${JSON.stringify({ experiments: rows, evaluators, reports, invalid }, null, 2)}\n`);
    return 0;
  }
  const head = ['name', 'variant', ...EXPERIMENT_STAGES, ...(opts.metrics ? ['classifier-FID', 'classifier-IS', 'classes'] : [])];
  const metricCells = (m: HeadlineMetrics | null | undefined) =>
    m ? [m.fid.toFixed(2), `${m.is.mean.toFixed(2)} ± ${m.is.std.toFixed(2)}`, `${m.classesCovered}/10`] : ['-', '-', '-'];
  const cells = rows.map((r) => [
    r.name,
    r.variant,
    ...EXPERIMENT_STAGES.map((s) => r.stages[s].state),
    ...(opts.metrics ? metricCells(r.metrics) : []),
  ]);
  if (rows.length > 0) out(table([head, ...cells]));
  if (evaluators.length > 0)
    out(
      `${rows.length > 0 ? '\n' : ''}evaluators:\n${evaluators.map((e) => `  ${e.name.padEnd(24)} evaluator: ${e.evaluator.state}\n`).join('')}`,
    );
  if (reports.length > 0)
    out(`reports:\n${reports.map((r) => `  ${r.name.padEnd(24)} report: ${r.report.state}  (${r.experiments.join(', ')})\n`).join('')}`);
  const who = (name: string, variant: string) => (variant === 'default' ? name : `${name}/${variant}`);
  const why = [
    ...rows.flatMap((r) =>
      EXPERIMENT_STAGES.filter((s) => r.stages[s].reason).map((s) => `  ${who(r.name, r.variant)} ${s}: ${r.stages[s].reason}`),
    ),
    ...evaluators.filter((e) => e.evaluator.reason).map((e) => `  ${e.name} evaluator: ${e.evaluator.reason}`),
    ...reports.filter((r) => r.report.reason).map((r) => `  ${r.name} report: ${r.report.reason}`),
  ];
  if (why.length > 0) out(`genlab run would rerun (the reasons genlab run <name> --dry-run gives):\n${why.join('\n')}\n`);
  if (invalid.length > 0)
    out(
      `invalid specs (genlab validate shows every problem):\n${invalid.map((b) => `  ${b.name}: ${b.problems[0]}${b.problems.length > 1 ? ` (and ${b.problems.length - 1} more)` : ''}`).join('\n')}\n`,
    );
  // Studies submitted to Slurm (genlab submit): their jobs' state; nothing when none was.
  out(studyJobsText(root));
  return 0;
}

/** A planned stage as the list shows it. */
function listedStage(root: string, p: PlannedStage): ListedStage {
  if (p.onDisk === null && existsSync(join(p.resolved.dir, 'manifest.json')))
    return { state: 'damaged', reason: 'unreadable manifest.json; genlab run rebuilds it' };
  if (p.onDisk !== null) {
    const damage = damageOf(p);
    if (damage) return { state: 'damaged', reason: `${damage}; genlab run ${p.name} restores or rebuilds it` };
  }
  if (p.action === 'restore') return p.onDisk && p.restored === p.onDisk ? { state: 'done' } : { state: 'cached' };
  if (p.stage === 'train') {
    const partial = unfinishedTraining(root, p.resolved);
    if (partial) {
      const epochs = `${partial.epochsDone}/${(p.resolved.spec as ExperimentSpec).train.epochs}`;
      return {
        state: partial.running ? `${epochs} running` : `${epochs} stopped, resumes at ${partial.checkpoint ?? 0}`,
        reason: p.reason,
      };
    }
  }
  return p.onDisk === null ? { state: '-' } : { state: 'stale', reason: p.reason };
}

/** Cheap damage check (no hashing): the manifest must read, and every file it lists be there with its size. */
function damageOf(p: PlannedStage): string | null {
  try {
    const { manifest } = readManifest(p.resolved.dir, { stage: p.stage, name: p.name, variant: p.variant }, { verify: false });
    for (const [file, want] of Object.entries(manifest.checksums)) {
      const size = statSync(join(p.resolved.dir, file)).size;
      if (size !== want.size) return `${file} has ${size} bytes, the manifest says ${want.size}`;
    }
    return null;
  } catch (err) {
    if (!(err instanceof ArtifactError)) throw err;
    return err.message.slice(err.dir.length + 2).replace(/ \(run: genlab stage [^)]*\)$/, '');
  }
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return (
    rows
      .map((r) =>
        r
          .map((c, i) => c.padEnd(widths[i]))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}
