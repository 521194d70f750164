import { join } from 'node:path';
import { formatSlurmTime } from './slurm-time';
import { shellQuote } from './shell-quote';

/** How the shards' results reach each other and the report job. */
export type Sharing = { kind: 'remote-cache'; server: string } | { kind: 'shared-fs'; why: string };

/** What the user chose for the jobs (or genlab sized from the plan). */
export interface JobResources {
  partition?: string;
  /** The array tasks' limit, seconds. */
  timeSec: number;
  /** The report job's limit, seconds. */
  reportTimeSec: number;
  cpusPerTask: number;
  gpus?: number;
  /** Passed to sbatch as they are, one `#SBATCH` line each (e.g. `--mem=8G`, `--account=lab`). */
  sbatchArgs: string[];
}

export interface StudyScripts {
  /** `genlab-<name>`: every job of a study carries it, so `squeue --name` finds them. */
  jobName: string;
  array: string;
  report: string;
}

export interface ScriptInput {
  name: string;
  /** Workspace root: the jobs start there (its artifacts/ and .nx/cache, or the remote cache). */
  root: string;
  /** This submission's folder (scripts, job output, exit codes). */
  dir: string;
  /** The command that runs genlab: node and the CLI's entry file, absolute. */
  genlab: string[];
  shards: number;
  sharing: Sharing;
  resources: JobResources;
  /** The genlab submit command line, for the scripts' header. */
  submittedAs: string;
}

export const ARRAY_SCRIPT = 'shards.sbatch';
export const REPORT_SCRIPT = 'report.sbatch';

/**
 * The two batch scripts of a study: a job array whose task i runs `genlab run <name> --shard
 * i/N`, and the job that runs `genlab run <name>` after all of them (sbatch adds
 * `--dependency=afterok:<array>` on its command line, since the array's id is known only then).
 * Each writes its exit status beside its output, which `genlab list` reads when sacct cannot.
 */
export function sbatchScripts(s: ScriptInput): StudyScripts {
  const jobName = `genlab-${s.name}`;
  const run = s.genlab.map(shellQuote).join(' ');
  const q = shellQuote;
  const array = [
    ...header(s, `shard $SLURM_ARRAY_TASK_ID of ${s.shards} of ${s.name}: the variants that genlab run --shard gives it`),
    `#SBATCH --job-name=${q(jobName)}`,
    `#SBATCH --array=1-${s.shards}`,
    `#SBATCH --time=${formatSlurmTime(s.resources.timeSec)}`,
    `#SBATCH --output=${q(join(s.dir, 'shard-%a.out'))}`,
    ...common(s),
    '',
    ...environment(s),
    `${run} run ${q(s.name)} --shard "$SLURM_ARRAY_TASK_ID/${s.shards}"`,
    'code=$?',
    `echo "$code" > ${q(join(s.dir, 'shard-'))}"$SLURM_ARRAY_TASK_ID.exit"`,
    'exit "$code"',
    '',
  ].join('\n');
  const report = [
    ...header(s, `after every shard succeeded (sbatch --dependency=afterok:<array job>): ${s.name} from the shards' results`),
    `#SBATCH --job-name=${q(`${jobName}-report`)}`,
    `#SBATCH --time=${formatSlurmTime(s.resources.reportTimeSec)}`,
    `#SBATCH --output=${q(join(s.dir, 'report.out'))}`,
    ...common(s),
    '',
    ...environment(s),
    `${run} run ${q(s.name)}`,
    'code=$?',
    `echo "$code" > ${q(join(s.dir, 'report.exit'))}`,
    'exit "$code"',
    '',
  ].join('\n');
  return { jobName, array, report };
}

function header(s: ScriptInput, what: string): string[] {
  const sharing =
    s.sharing.kind === 'remote-cache'
      ? `the remote cache named by NX_SELF_HOSTED_REMOTE_CACHE_SERVER and its token in the job's environment (sbatch --export=ALL; never written here)`
      : `the shared file system: ${s.sharing.why}`;
  return ['#!/bin/bash', `# genlab: ${what}.`, `# Written by: ${s.submittedAs}`, `# Results are shared through ${sharing}.`];
}

function common(s: ScriptInput): string[] {
  const r = s.resources;
  return [
    `#SBATCH --cpus-per-task=${r.cpusPerTask}`,
    '#SBATCH --open-mode=append',
    `#SBATCH --chdir=${shellQuote(s.root)}`,
    ...(r.partition ? [`#SBATCH --partition=${shellQuote(r.partition)}`] : []),
    ...(r.gpus ? [`#SBATCH --gpus=${r.gpus}`] : []),
    ...r.sbatchArgs.map((a) => `#SBATCH ${a}`),
  ];
}

function environment(s: ScriptInput): string[] {
  return [
    '# As many compute threads as CPUs Slurm gave the task, so oneDNN never oversubscribes the node.',
    'export GENLAB_THREADS="${SLURM_CPUS_PER_TASK:-1}"',
    ...(s.sharing.kind === 'remote-cache'
      ? [
          ': "${NX_SELF_HOSTED_REMOTE_CACHE_SERVER:?is not in the job environment (submit with it set)}"',
          ': "${NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN:?is not in the job environment (submit with it set)}"',
        ]
      : []),
  ];
}
