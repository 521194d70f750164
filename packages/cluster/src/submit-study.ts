import { chmodSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { commitDir, discardDir, makeTempDir } from '@genlab/artifacts';
import { ClusterUsageError } from './cluster-error';
import { ARRAY_SCRIPT, REPORT_SCRIPT, sbatchScripts, type JobResources, type Sharing } from './sbatch-scripts';
import { checkSharedFileSystem } from './shared-filesystem';
import { onPath, said, slurm } from './slurm-command';
import { formatStudyPlan, type StudyPlan } from './study-plan';
import { readSubmissions, submissionFolderName, submitRoot, writeSubmissionRecord, type SubmissionRecord } from './submission-record';
import { submissionJobs } from './study-jobs';

export interface SubmitInput {
  root: string;
  plan: StudyPlan;
  resources: JobResources;
  /** node and the genlab entry file, absolute: what the jobs run. */
  genlab: string[];
  /** The genlab submit command line, recorded in the scripts and the record. */
  submittedAs: string;
  dryRun: boolean;
  out: (s: string) => void;
  env?: NodeJS.ProcessEnv;
}

export interface Submitted {
  dir: string;
  record: SubmissionRecord;
}

/**
 * `genlab submit <name> --slurm`: writes the two batch scripts and the plan into
 * artifacts/.submit/<name>/<time>/, then submits the array held, the report job depending on
 * it, and releases the array, so nothing starts unless both were accepted. Any refusal cancels
 * what was accepted and removes the folder: nothing half-submitted. With dryRun, prints the
 * plan, both scripts and the sbatch commands instead, and writes and submits nothing.
 */
export function submitStudy(input: SubmitInput): Submitted | null {
  const { root, plan, resources, out } = input;
  const env = input.env ?? process.env;
  const dir = join(submitRoot(root), plan.name, submissionFolderName());
  if (!input.dryRun && onPath('sbatch', env.PATH) === null) {
    throw new ClusterUsageError(
      "sbatch is not on PATH: genlab submit --slurm runs where Slurm's commands are (a login node); --dry-run shows the scripts anywhere",
    );
  }
  const sharing = sharingFor(root, resources.partition, env, input.dryRun, out);
  const scripts = sbatchScripts({
    name: plan.name,
    root,
    dir,
    genlab: input.genlab,
    shards: plan.shards.length,
    sharing,
    resources,
    submittedAs: input.submittedAs,
  });
  const arrayCmd = ['sbatch', '--parsable', '--hold', '--export=ALL', join(dir, ARRAY_SCRIPT)];
  const reportCmd = (id: string) => ['sbatch', '--parsable', '--export=ALL', `--dependency=afterok:${id}`, join(dir, REPORT_SCRIPT)];
  const planText = formatStudyPlan(plan, resources);
  if (input.dryRun) {
    out(`genlab submit --dry-run (nothing is written or submitted):\n\n${planText}\n`);
    out(`--- ${join(dir, ARRAY_SCRIPT)}\n${scripts.array}\n--- ${join(dir, REPORT_SCRIPT)}\n${scripts.report}\n`);
    out(`Commands: ${arrayCmd.join(' ')}\n          ${reportCmd('<array job>').join(' ')}\n          scontrol release <array job>\n`);
    return null;
  }
  refuseWhileQueued(root, plan.name, env);

  const tmp = makeTempDir(dir);
  writeFileSync(join(tmp, ARRAY_SCRIPT), scripts.array);
  writeFileSync(join(tmp, REPORT_SCRIPT), scripts.report);
  chmodSync(join(tmp, ARRAY_SCRIPT), 0o755);
  chmodSync(join(tmp, REPORT_SCRIPT), 0o755);
  writeFileSync(join(tmp, 'plan.txt'), planText);
  if (existsSync(dir)) {
    discardDir(tmp);
    throw new ClusterUsageError(`${dir} exists: another genlab submit of ${plan.name} ran this second; try again`);
  }
  commitDir(tmp, dir);

  const commands: string[] = [];
  const cancel = (ids: string[]) => ids.length && slurm('scancel', ids, env);
  const fail = (ids: string[], err: Error): never => {
    cancel(ids);
    rmSync(dir, { recursive: true, force: true });
    throw err;
  };
  const a = slurm(arrayCmd[0], arrayCmd.slice(1), env);
  commands.push(arrayCmd.join(' '));
  if (a.status !== 0) fail([], new ClusterUsageError(`sbatch refused ${ARRAY_SCRIPT}; nothing was submitted:\n${said(a)}`));
  const arrayJob = a.stdout.trim().split(';')[0];
  const rc = reportCmd(arrayJob);
  const r = slurm(rc[0], rc.slice(1), env);
  commands.push(rc.join(' '));
  if (r.status !== 0)
    fail(
      [arrayJob],
      new ClusterUsageError(`sbatch refused ${REPORT_SCRIPT}; the held array job ${arrayJob} was cancelled, nothing runs:\n${said(r)}`),
    );
  const reportJob = r.stdout.trim().split(';')[0];
  const record: SubmissionRecord = {
    name: plan.name,
    created: new Date().toISOString(),
    submittedAs: input.submittedAs,
    arrayJob,
    reportJob,
    shards: plan.shards.length,
    sharing: describeSharing(sharing),
    commands: [...commands, `scontrol release ${arrayJob}`],
    plan,
  };
  writeSubmissionRecord(dir, record);
  const rel = slurm('scontrol', ['release', arrayJob], env);
  // Slurm checks some requests (nodes, partition limits) only when a held job is released.
  if (rel.status !== 0)
    fail(
      [arrayJob, reportJob],
      new ClusterUsageError(
        `Slurm refused to start array job ${arrayJob} (scontrol release); both jobs were cancelled, nothing runs:\n${said(rel)}`,
      ),
    );
  out(`${planText}\nResults are shared through ${record.sharing}.\n`);
  out(`Submitted array job ${arrayJob} (${plan.shards.length} task(s)) and report job ${reportJob} (after every task succeeded).\n`);
  out(`Scripts and output: ${dir}\nState: genlab list; cancel: genlab submit --cancel ${plan.name}\n`);
  return { dir, record };
}

/** The remote cache when the environment names one, else the checked shared file system. */
function sharingFor(
  root: string,
  partition: string | undefined,
  env: NodeJS.ProcessEnv,
  dryRun: boolean,
  out: (s: string) => void,
): Sharing {
  const server = env.NX_SELF_HOSTED_REMOTE_CACHE_SERVER;
  if (server) {
    if (!env.NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN) {
      throw new ClusterUsageError(
        'NX_SELF_HOSTED_REMOTE_CACHE_SERVER is set but NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN is not: the jobs need a write token to share their results',
      );
    }
    return { kind: 'remote-cache', server };
  }
  if (dryRun && onPath('sinfo', env.PATH) === null) {
    out('(no sinfo here: the shared file system is checked when you submit)\n');
    return { kind: 'shared-fs', why: `the workspace at ${root} (not checked: no sinfo here)` };
  }
  try {
    return { kind: 'shared-fs', why: checkSharedFileSystem(root, partition, env) };
  } catch (err) {
    if (!dryRun) throw err;
    out(`(submitting would fail: ${(err as Error).message})\n`);
    return { kind: 'shared-fs', why: `the workspace at ${root} (the check failed)` };
  }
}

function describeSharing(s: Sharing): string {
  return s.kind === 'remote-cache' ? `the remote cache at ${s.server}` : `the shared file system: ${s.why}`;
}

/**
 * An earlier submission of the same study still queued would race this one for the same
 * stages (they take turns, but the shards' split and the report's dependency would be two), and
 * a report job whose array was cancelled waits forever: cancel first, then resubmit.
 */
function refuseWhileQueued(root: string, name: string, env: NodeJS.ProcessEnv): void {
  if (onPath('squeue', env.PATH) === null) return;
  const active = readSubmissions(root, name).flatMap(({ dir, record }) => submissionJobs(dir, record, env).filter((j) => j.active));
  if (active.length > 0) {
    throw new ClusterUsageError(
      `${name} has jobs from an earlier submission still queued or running (${active.map((j) => `${j.role} ${j.id} ${j.state}`).join(', ')}): genlab submit --cancel ${name} first, then submit again (finished stages are restored, a killed train resumes from its checkpoint)`,
    );
  }
}
