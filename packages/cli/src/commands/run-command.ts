import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { EXPERIMENT_STAGES, readManifestOrNull, type ExperimentStage } from './run-helpers';
import { loadWorkspaceFor } from '../load-specs';
import { experimentStages, type Workspace } from '@genlab/spec';
import { stageTarget } from '@genlab/nx-plugin';
import { UsageError } from '../exit-codes';
import { resolveStage, reportVariants } from '../resolve-stage';
import type { ReportSpec } from '@genlab/spec';
import { runWithRemoteCacheFallback } from '../remote-cache-fallback';
import { runShard } from './run-shard';
import { importedSamplesExitCode } from './imported-samples-failure';
import { nxLaunch } from '../nx-output/nx-launch';
import { showNxOutput } from '../nx-output/show-nx-output';
import { publishReport } from './publish-report';
import { formatSummary, runSummary, summaryJsonLine, type RunSummary } from './run-summary';
import { defineCommand, positionalsOf } from '../command-declaration';
import { dryRunCommand } from './dry-run-command';
import { DRY_RUN_FLAG, LOG_FLAG, NO_WAIT_FLAG } from './shared-flags';

export const RUN_DECLARATION = defineCommand({
  name: 'run',
  usage: ['run <name>'],
  summary: 'run an experiment, evaluator or report through Nx (cached stages are restored)',
  description: `Runs an experiment, evaluator or report through Nx, so every stage whose inputs did not change
is restored from the cache instead of rerun.`,
  args: [{ name: '<name>', help: 'the experiment, evaluator or report: a folder under experiments/' }],
  flags: {
    until: { type: 'string', value: '<stage>', help: 'stop after this stage (data, model, train, sample, evaluate)' },
    variant: { type: 'string', value: '<v>', help: 'only this sweep variant (default: all variants)' },
    shard: {
      type: 'string',
      value: '<i>/<n>',
      help: "only the variants shard i of n owns (an experiment's, or every variant a report compares), split by estimated cost; the same split on every machine; not with --variant",
    },
    'no-wait': NO_WAIT_FLAG,
    log: LOG_FLAG,
    'dry-run': DRY_RUN_FLAG,
  },
  notes: `The run ends with a table of each variant it ran: classifier-FID, IS, classes covered,
precision / recall, reconstruction MSE (VAEs) and its artifacts folder, and the report's paths;
piped, the same as one JSON line ({"summary": {"runs": [...], "report": {...}}}). Lines Nx
replays for a cached stage are marked "replayed" (piped: "replayed": true).
Remote cache: NX_SELF_HOSTED_REMOTE_CACHE_SERVER and NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN
(see genlab cache --help). If the server stops answering, the run goes on with the local cache:
every request has deadlines, in seconds: GENLAB_REMOTE_CACHE_CONNECT_TIMEOUT (default 5),
GENLAB_REMOTE_CACHE_IDLE_TIMEOUT (nothing moving, default 30), GENLAB_REMOTE_CACHE_TIMEOUT (total, 600).
Environment: GENLAB_BACKEND=auto|tensorflow|wasm|cpu overrides the spec's backend.`,
  run: (c) => {
    const [name] = positionalsOf(c, 1);
    if (c.values['dry-run']) return dryRunCommand(c.root(), name, c.values, c.out, c.err);
    return runCommand(c.root(), name, c.values, c.out, c.err);
  },
});

export const REPORT_DECLARATION = defineCommand({
  name: 'report',
  usage: ['report <name>'],
  summary: 'build a report; --frozen never runs upstream stages; --out publishes it',
  description: 'Builds a report (experiments/<name>/report.yaml) through Nx.',
  flags: {
    frozen: {
      type: 'boolean',
      help: "never run an upstream stage: fail, naming what is missing, unless every compared experiment's evaluate artifact is already there (report authors without training).",
    },
    out: {
      type: 'string',
      value: '<dir>',
      help: 'then publish it into <dir> (relative to the workspace, e.g. docs/results/<name>): report.md, index.html and figures/ (no weights), a publication note with the git commit and the commands that regenerate it, and publication.json. Replaces a folder published before; refuses any other non-empty folder.',
    },
    'no-wait': NO_WAIT_FLAG,
    log: LOG_FLAG,
    'dry-run': DRY_RUN_FLAG,
  },
  run: (c) => {
    const [name] = positionalsOf(c, 1);
    const v = c.values;
    if (v['dry-run']) return dryRunCommand(c.root(), name, { reportOnly: true }, c.out, c.err);
    return reportCommand(c.root(), name, Boolean(v.frozen), c.out, v.out, c.err, v.log);
  },
});

/** Runs `nx run <project>:<target>` with the workspace's Nx; resolves with its exit code. */
export async function runNx(root: string, args: string[], log?: LogMode): Promise<number> {
  const nx = join(root, 'node_modules', 'nx', 'dist', 'bin', 'nx.js');
  if (!existsSync(nx)) throw new UsageError(`Nx is not installed in ${root} (run npm ci)`);
  const launch = nxLaunch(Boolean(process.stdout.isTTY), log);
  const env = {
    ...process.env,
    NX_DAEMON: process.env.NX_DAEMON ?? 'false',
    NX_NO_CLOUD: 'true',
    // Plugins in-process: isolation starts a worker process per plugin (Nx's own included), about
    // 1 s of the graph here, and buys nothing for a plugin that never loads tfjs.
    NX_ISOLATE_PLUGINS: process.env.NX_ISOLATE_PLUGINS ?? 'false',
    ...launch.env,
  };
  return runWithRemoteCacheFallback(
    (e) =>
      showNxOutput(
        spawn(process.execPath, [nx, ...args, ...launch.args], { cwd: root, stdio: ['inherit', 'pipe', 'pipe'], env: e }),
        launch.view,
      ),
    env,
    (s) => process.stderr.write(s),
  );
}

/** How piped output looks: JSON lines (the default) or `plain` readable lines (`--log plain`, GENLAB_PROGRESS=plain). */
export type LogMode = 'plain' | 'json';

export function logMode(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): LogMode | undefined {
  if (flag !== undefined && flag !== 'plain' && flag !== 'json') throw new UsageError(`--log expects plain or json, got '${flag}'`);
  return (flag as LogMode | undefined) ?? (env.GENLAB_PROGRESS === 'plain' ? 'plain' : undefined);
}

export async function runCommand(
  root: string,
  name: string,
  opts: { until?: string; variant?: string; shard?: string; log?: string },
  out: (s: string) => void,
  warn?: (s: string) => void,
): Promise<number> {
  const log = logMode(opts.log);
  const ws = loadWorkspaceFor(root, [name], warn);
  if (opts.shard !== undefined) {
    if (opts.variant) throw new UsageError('--shard and --variant exclude each other: a shard chooses its variants');
    const until = (opts.until ?? 'evaluate') as ExperimentStage;
    if (!EXPERIMENT_STAGES.includes(until)) throw new UsageError(`--until expects one of ${EXPERIMENT_STAGES.join(', ')}, got '${until}'`);
    return runShard(
      ws,
      name,
      opts.shard,
      until,
      (args) => runNx(root, args, log),
      out,
      (variants, code) => finish(() => runSummary(root, variants, undefined, until === 'evaluate'), code, out, log),
    );
  }
  const exp = ws.experiments.find((e) => e.spec.name === name);
  if (!exp) {
    if (opts.until || opts.variant) throw new UsageError('--until and --variant apply to experiments only');
    const report = ws.reports.find((r) => r.spec.name === name);
    if (report) {
      const variants = reportVariants(ws, report.spec.experiments);
      return finish(
        () => runSummary(root, variants, name),
        importedSamplesExitCode(ws, variants, await runNx(root, ['run', `${name}:report`], log)),
        out,
        log,
      );
    }
    if (ws.evaluators.some((e) => e.spec.name === name)) return runNx(root, ['run', `${name}:evaluator`], log);
    throw new UsageError(`no experiment, evaluator or report named '${name}' (see genlab list)`);
  }
  const until = (opts.until ?? 'evaluate') as ExperimentStage;
  if (!EXPERIMENT_STAGES.includes(until)) throw new UsageError(`--until expects one of ${EXPERIMENT_STAGES.join(', ')}, got '${until}'`);
  if (!experimentStages(exp.spec).includes(until))
    throw new UsageError(
      `--until ${until}: '${name}' imports its samples (samples.from) and has only the stages ${experimentStages(exp.spec).join(', ')}`,
    );
  if (opts.variant && !exp.variants.some((v) => v.name === opts.variant)) {
    throw new UsageError(`experiment '${name}' has no variant '${opts.variant}' (variants: ${exp.variants.map((v) => v.name).join(', ')})`);
  }
  const target = opts.variant ? stageTarget(until, opts.variant) : until;
  const variants = exp.variants.filter((v) => !opts.variant || v.name === opts.variant).map((v) => [name, v.name] as [string, string]);
  return finish(
    () => runSummary(root, variants, undefined, until === 'evaluate'),
    importedSamplesExitCode(ws, variants, await runNx(root, ['run', `${name}:${target}`], log)),
    out,
    log,
  );
}

export async function reportCommand(
  root: string,
  name: string,
  frozen: boolean,
  out: (s: string) => void,
  publishTo?: string,
  warn?: (s: string) => void,
  logFlag?: string,
): Promise<number> {
  const log = logMode(logFlag);
  const ws = loadWorkspaceFor(root, [name], warn);
  const r = ws.reports.find((x) => x.spec.name === name);
  if (!r) throw new UsageError(`no report named '${name}' (known: ${ws.reports.map((x) => x.spec.name).join(', ') || 'none'})`);
  const code = await buildReport(root, ws, r.spec, frozen, out, log);
  if (code !== 0 || publishTo === undefined) return code;
  const { dir } = publishReport(root, r.spec, publishTo, `genlab report ${name}${frozen ? ' --frozen' : ''} --out ${publishTo}`);
  out(`Published: ${dir}\n`);
  return 0;
}

async function buildReport(
  root: string,
  ws: Workspace,
  spec: ReportSpec,
  frozen: boolean,
  out: (s: string) => void,
  log: LogMode | undefined,
): Promise<number> {
  const name = spec.name;
  const summary = () => runSummary(root, reportVariants(ws, spec.experiments), name);
  if (!frozen) return finish(summary, await runNx(root, ['run', `${name}:report`], log), out, log);
  const missing = reportVariants(ws, spec.experiments)
    .map(([exp, v]) => resolveStage(ws, 'evaluate', exp, v))
    .filter((s) => readManifestOrNull(s.dir, s) === null)
    .map((s) => `${s.name}/${s.variant} (no evaluate artifact in ${s.dir})`);
  if (missing.length > 0) {
    throw new UsageError(
      `--frozen: the report needs artifacts that are not there, and will not run upstream stages:\n  ${missing.join('\n  ')}\nRun them first: genlab run ${name}`,
    );
  }
  return finish(summary, await runNx(root, ['run', `${name}:report`, '--excludeTaskDependencies'], log), out, log);
}

/**
 * Ends a successful run with its results: each variant's headline metrics and paths, and the
 * report's; a table for people (a terminal, --log plain), one JSON line when piped.
 */
function finish(summary: RunSummary | (() => RunSummary), code: number, out: (s: string) => void, log: LogMode | undefined): number {
  if (code !== 0) return code;
  const s = typeof summary === 'function' ? summary() : summary;
  out(nxLaunch(Boolean(process.stdout.isTTY), log).view === 'json' ? summaryJsonLine(s) : formatSummary(s));
  return code;
}
