import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { EXPERIMENT_STAGES, loadWorkspace, readManifestOrNull, type ExperimentStage } from './run-helpers';
import { stageTarget } from '@genlab/nx-plugin';
import { UsageError } from '../exit-codes';
import { resolveStage, reportVariants } from '../resolve-stage';

export const RUN_HELP = `genlab run <name> [--until <stage>] [--variant <variant>]

Runs an experiment, evaluator or report through Nx, so every stage whose inputs did not change
is restored from the cache instead of rerun. <name> is a folder under experiments/.
  --until <stage>    stop after this stage (data, model, train, sample, evaluate)
  --variant <v>      only this sweep variant (default: all variants)
  --no-wait          fail at once if another genlab process is working on a stage (default: wait)
Environment: GENLAB_BACKEND=auto|tensorflow|wasm|cpu overrides the spec's backend.`;

export const REPORT_HELP = `genlab report <name> [--frozen]

Builds a report (experiments/<name>/report.yaml) through Nx.
  --frozen   never run an upstream stage: fail, naming what is missing, unless every compared
             experiment's evaluate artifact is already there (report authors without training).`;

/** Runs `nx run <project>:<target>` with the workspace's Nx; returns its exit code. */
export function runNx(root: string, args: string[]): number {
  const nx = join(root, 'node_modules', 'nx', 'dist', 'bin', 'nx.js');
  if (!existsSync(nx)) throw new UsageError(`Nx is not installed in ${root} (run npm ci)`);
  const res = spawnSync(process.execPath, [nx, ...args, '--outputStyle=stream'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NX_DAEMON: process.env.NX_DAEMON ?? 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' },
  });
  return res.status ?? 1;
}

export function runCommand(root: string, name: string, opts: { until?: string; variant?: string }, out: (s: string) => void): number {
  const ws = loadWorkspace(root);
  const exp = ws.experiments.find((e) => e.spec.name === name);
  if (!exp) {
    if (opts.until || opts.variant) throw new UsageError('--until and --variant apply to experiments only');
    if (ws.reports.some((r) => r.spec.name === name)) return finish(root, name, runNx(root, ['run', `${name}:report`]), out);
    if (ws.evaluators.some((e) => e.spec.name === name)) return runNx(root, ['run', `${name}:evaluator`]);
    throw new UsageError(`no experiment, evaluator or report named '${name}' (see genlab list)`);
  }
  const until = (opts.until ?? 'evaluate') as ExperimentStage;
  if (!EXPERIMENT_STAGES.includes(until)) throw new UsageError(`--until expects one of ${EXPERIMENT_STAGES.join(', ')}, got '${until}'`);
  if (opts.variant && !exp.variants.some((v) => v.name === opts.variant)) {
    throw new UsageError(`experiment '${name}' has no variant '${opts.variant}' (variants: ${exp.variants.map((v) => v.name).join(', ')})`);
  }
  const target = opts.variant ? stageTarget(until, opts.variant) : until;
  return runNx(root, ['run', `${name}:${target}`]);
}

export function reportCommand(root: string, name: string, frozen: boolean, out: (s: string) => void): number {
  const ws = loadWorkspace(root);
  const r = ws.reports.find((x) => x.spec.name === name);
  if (!r) throw new UsageError(`no report named '${name}' (known: ${ws.reports.map((x) => x.spec.name).join(', ') || 'none'})`);
  if (!frozen) return finish(root, name, runNx(root, ['run', `${name}:report`]), out);
  const missing = reportVariants(ws, r.spec.experiments)
    .map(([exp, v]) => resolveStage(ws, 'evaluate', exp, v))
    .filter((s) => readManifestOrNull(s.dir, s) === null)
    .map((s) => `${s.name}/${s.variant} (no evaluate artifact in ${s.dir})`);
  if (missing.length > 0) {
    throw new UsageError(`--frozen: the report needs artifacts that are not there, and will not run upstream stages:\n  ${missing.join('\n  ')}\nRun them first: genlab run ${name}`);
  }
  return finish(root, name, runNx(root, ['run', `${name}:report`, '--excludeTaskDependencies']), out);
}

/** Tells where the report is: the one thing a user wants after `npm start`. */
function finish(root: string, name: string, code: number, out: (s: string) => void): number {
  if (code === 0) {
    const dir = join(root, 'artifacts', name, 'default', 'report');
    out(`\nReport: ${join(dir, 'index.html')}\n        ${join(dir, 'report.md')}\n`);
  }
  return code;
}
