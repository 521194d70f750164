import { join } from 'node:path';
import { loadWorkspace, type Workspace } from '@genlab/spec';
import {
  cancelStudy,
  ClusterUsageError,
  parseSlurmTime,
  submitStudy,
  timeLimitFor,
  type JobResources,
  type ShardPlan,
  type StudyPlan,
} from '@genlab/cluster';
import { defineCommand, type FlagTable, type FlagValues } from '../command-declaration';
import { UsageError } from '../exit-codes';
import { findWorkspaceRoot } from '../workspace-root';
import { estimateSeconds, SpeedBook } from '../plan/estimate-seconds';
import { planStages, type StageRef } from '../plan/plan-stages';
import { assignShards } from '../shard-assignment';
import { shardUnits } from './run-shard';

const SUBMIT_FLAGS = {
  slurm: { type: 'boolean', help: 'submit to Slurm (the one scheduler genlab submits to)' },
  shards: { type: 'string', value: '<n>', help: 'array tasks (default: one per variant; more than the variants is cut to that)' },
  partition: { type: 'string', value: '<p>', help: "the partition (default: the cluster's default)" },
  time: {
    type: 'string',
    value: '<HH:MM:SS>',
    help: "each task's limit (default: twice the largest shard's estimate + 10 min, at least 15 min); D-HH:MM:SS for days",
  },
  'cpus-per-task': {
    type: 'string',
    value: '<c>',
    help: 'CPUs per task; the jobs set GENLAB_THREADS to it (default: GENLAB_THREADS, else 2)',
  },
  gpus: { type: 'string', value: '<g>', help: 'GPUs per job' },
  'sbatch-arg': {
    type: 'string',
    multiple: true,
    value: '<arg>',
    help: 'any other sbatch option, e.g. --sbatch-arg=--mem=8G (repeatable)',
  },
  'dry-run': { type: 'boolean', help: 'print the shard plan, both scripts and the sbatch commands; submit nothing' },
  cancel: { type: 'string', value: '<name>', help: "scancel every pending or running job of <name>'s submissions" },
} as const satisfies FlagTable;

export const SUBMIT_DECLARATION = defineCommand({
  name: 'submit',
  usage: ['submit <name> --slurm', 'submit --cancel <name>'],
  summary: 'run a sweep on a Slurm cluster: an array job over its shards, then the report',
  description: `Runs a sweep on a Slurm cluster: a job array whose task i runs genlab run <name> --shard i/n
(the same cost-balanced split as on CI), and a report job that runs genlab run <name> after
every task succeeded (sbatch --dependency=afterok), restoring the shards' stages from the
cache. The scripts, the plan and the jobs' output are kept in artifacts/.submit/<name>/<time>/.`,
  args: [{ name: '<name>', help: 'the experiment or report whose variants to run' }],
  flags: SUBMIT_FLAGS,
  notes: `Sharing results: with NX_SELF_HOSTED_REMOTE_CACHE_SERVER and NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN
(a write token) set, the jobs get them through their environment (sbatch --export=ALL; never
written into a script). Without them, the workspace's artifacts/ and .nx/cache must be on a file
system every node mounts (or every node is this machine); genlab checks before submitting.
genlab list shows the jobs' state (squeue, then sacct, then the exit status each script writes).`,
  run: (c) => submitCommand(c.args, c.positionals, c.values, c.cwd, c.out),
});

/** The tasks' default CPUs: GENLAB_THREADS when set (what this machine's runs use), else 2. */
const DEFAULT_CPUS = 2;
/** What a stage without any estimate adds to a task's time limit (before the margin). */
const UNKNOWN_STAGE_SEC = 5 * 60;

/** `genlab submit ...`: plans the shards and submits them (or cancels a study's jobs). */
export async function submitCommand(
  argv: string[],
  positionals: string[],
  f: FlagValues<typeof SUBMIT_FLAGS>,
  cwd: string | undefined,
  out: (s: string) => void,
): Promise<number> {
  try {
    const root = findWorkspaceRoot(cwd);
    if (f.cancel !== undefined) {
      if (positionals.length > 0) throw new UsageError('usage: genlab submit --cancel <name>');
      cancelStudy(root, f.cancel, out);
      return 0;
    }
    if (positionals.length !== 1)
      throw new UsageError('usage: genlab submit <experiment|report> --slurm [options] (see genlab submit --help)');
    if (!f.slurm) throw new UsageError('genlab submit needs --slurm (the scheduler to submit to; Slurm is the one genlab supports)');
    const ws = loadWorkspace(root);
    const name = positionals[0];
    const shards = f.shards === undefined ? null : wholeNumber(f.shards, '--shards');
    const cpus =
      f['cpus-per-task'] !== undefined
        ? wholeNumber(f['cpus-per-task'], '--cpus-per-task')
        : process.env.GENLAB_THREADS
          ? wholeNumber(process.env.GENLAB_THREADS, 'GENLAB_THREADS')
          : DEFAULT_CPUS;
    const plan = studyPlan(ws, name, shards);
    const sbatchArgs = f['sbatch-arg'] ?? [];
    for (const a of sbatchArgs)
      if (!/^-/.test(a) || /[\n\r]/.test(a)) throw new UsageError(`--sbatch-arg expects one sbatch option such as --mem=8G, found '${a}'`);
    const longest = Math.max(...plan.shards.map((s) => (s.estimateSec ?? 0) + s.withoutEstimate * UNKNOWN_STAGE_SEC));
    const resources: JobResources = {
      partition: f.partition,
      timeSec: f.time !== undefined ? parseSlurmTime(f.time) : timeLimitFor(longest),
      reportTimeSec: timeLimitFor(plan.reportEstimateSec ?? UNKNOWN_STAGE_SEC),
      cpusPerTask: cpus,
      gpus: f.gpus !== undefined ? wholeNumber(f.gpus, '--gpus') : undefined,
      sbatchArgs,
    };
    submitStudy({
      root,
      plan,
      resources,
      out,
      dryRun: Boolean(f['dry-run']),
      genlab: [process.execPath, join(root, 'packages', 'cli', 'bin', 'genlab.cjs')],
      submittedAs: ['genlab', 'submit', ...argv].join(' '),
    });
    return 0;
  } catch (err) {
    if (err instanceof ClusterUsageError) throw new UsageError(err.message);
    throw err;
  }
}

/**
 * The shards of a study as `genlab run <name> --shard i/n` splits them, each with the dry-run
 * estimate of the stages it would run; and the report job's estimate (only its report stage
 * runs: every other stage is the shards' and is restored).
 */
export function studyPlan(ws: Workspace, name: string, requested: number | null): StudyPlan {
  const isExperiment = ws.experiments.some((e) => e.spec.name === name);
  if (!isExperiment && !ws.reports.some((r) => r.spec.name === name)) {
    throw new UsageError(
      `no experiment or report named '${name}' (see genlab list); genlab submit runs an experiment's variants or a report's`,
    );
  }
  const units = shardUnits(ws, name);
  if (units.length === 0) throw new UsageError(`'${name}' has no variants to run`);
  const count = Math.min(requested ?? units.length, units.length);
  const book = new SpeedBook(ws.root);
  const shards: ShardPlan[] = assignShards(units, count).map((mine, i) => {
    const targets: StageRef[] = mine.map((u) => ({ stage: 'evaluate', name: u.experiment, variant: u.variant }));
    const running = planStages(ws, targets)
      .filter((p) => p.action === 'run')
      .map((p) => estimateSeconds(p, book).seconds);
    const known = running.filter((s): s is number => s !== null);
    return {
      index: i + 1,
      units: mine.map((u) => `${u.experiment}/${u.variant}`),
      stagesToRun: running.length,
      estimateSec: known.length ? known.reduce((a, b) => a + b, 0) : null,
      withoutEstimate: running.length - known.length,
    };
  });
  let reportEstimateSec: number | null = 0;
  if (!isExperiment) {
    const report = planStages(ws, [{ stage: 'report', name }]).find((p) => p.stage === 'report')!;
    reportEstimateSec = estimateSeconds(report, book).seconds;
  }
  return {
    name,
    kind: isExperiment ? 'experiment' : 'report',
    variants: units.length,
    requestedShards: requested ?? units.length,
    shards,
    reportEstimateSec,
  };
}

function wholeNumber(v: string, flag: string): number {
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new UsageError(`${flag} expects a whole number >= 1, found '${v}'`);
  return Number(v);
}
