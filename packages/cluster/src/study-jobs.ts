import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ClusterError, ClusterUsageError } from './cluster-error';
import { onPath, said, slurm } from './slurm-command';
import { readSubmissions, type SubmissionRecord } from './submission-record';

/** One job of a submission as Slurm (or the exit file the script wrote) last knew it. */
export interface JobState {
  /** `task 1`, ..., `report`. */
  role: string;
  /** `12_1` for array task 1 of job 12; the report job's own id. */
  id: string;
  /** PENDING, RUNNING, COMPLETED, FAILED, CANCELLED, TIMEOUT, ... or `exit N` from the script's exit file. */
  state: string;
  /** Why it waits (squeue's reason) or how long it ran. */
  detail: string;
  /** Still pending or running: what --cancel cancels. */
  active: boolean;
  /** Where the state came from. */
  source: 'squeue' | 'sacct' | 'exit file' | 'none';
}

const ACTIVE =
  /^(PENDING|RUNNING|CONFIGURING|COMPLETING|REQUEUED|RESIZING|SUSPENDED|STAGE_OUT|SIGNALING|REQUEUE_HOLD|REQUEUE_FED|RESV_DEL_HOLD|STOPPED)$/;

/**
 * The jobs of one submission: squeue first (it shows every job still in the controller's
 * memory, finished ones for MinJobAge), then sacct for older ones, then the exit status the
 * script wrote beside its output. A cluster without accounting (sacct disabled) still shows
 * the last two.
 */
export function submissionJobs(dir: string, rec: SubmissionRecord, env: NodeJS.ProcessEnv = process.env): JobState[] {
  const wanted = [
    ...Array.from({ length: rec.shards }, (_, i) => ({
      role: `task ${i + 1}`,
      id: `${rec.arrayJob}_${i + 1}`,
      exitFile: join(dir, `shard-${i + 1}.exit`),
    })),
    { role: 'report', id: rec.reportJob, exitFile: join(dir, 'report.exit') },
  ];
  const known = new Map<string, JobState>();
  const names = `genlab-${rec.name},genlab-${rec.name}-report`;
  const q = slurm('squeue', ['--noheader', '--array', '--states=all', `--name=${names}`, '--format=%F|%K|%i|%T|%M|%R'], env);
  if (q.status === 0) {
    for (const line of q.stdout.split('\n').filter(Boolean)) {
      const [arrayId, task, jobId, state, elapsed, reason] = line.split('|');
      const id = arrayId === rec.arrayJob && task !== 'N/A' ? `${arrayId}_${task}` : jobId;
      known.set(id, {
        role: '',
        id,
        state,
        detail: state === 'PENDING' ? reason : `${elapsed} on ${reason}`,
        active: ACTIVE.test(state),
        source: 'squeue',
      });
    }
  }
  const missing = wanted.filter((w) => !known.has(w.id));
  if (missing.length > 0) {
    const a = slurm(
      'sacct',
      ['--noheader', '--parsable2', '--allocations', `--jobs=${rec.arrayJob},${rec.reportJob}`, '--format=JobID,State,Elapsed,ExitCode'],
      env,
    );
    if (a.status === 0) {
      for (const line of a.stdout.split('\n').filter(Boolean)) {
        const [id, state, elapsed, exit] = line.split('|');
        const s = state.split(' ')[0];
        if (!known.has(id))
          known.set(id, { role: '', id, state: s, detail: `${elapsed}, exit ${exit}`, active: ACTIVE.test(s), source: 'sacct' });
      }
    }
  }
  return wanted.map((w) => {
    const k = known.get(w.id);
    if (k) return { ...k, role: w.role };
    if (existsSync(w.exitFile)) {
      const code = readFileSync(w.exitFile, 'utf8').trim();
      return {
        role: w.role,
        id: w.id,
        state: code === '0' ? 'COMPLETED' : 'FAILED',
        detail: `exit ${code} (its exit file)`,
        active: false,
        source: 'exit file' as const,
      };
    }
    return {
      role: w.role,
      id: w.id,
      state: 'GONE',
      detail: 'no longer known to Slurm and no exit status written: cancelled, timed out or killed',
      active: false,
      source: 'none' as const,
    };
  });
}

/** `genlab list`'s part: every submitted study's jobs and their state ('' when none was submitted). */
export function studyJobsText(root: string, env: NodeJS.ProcessEnv = process.env): string {
  const subs = readSubmissions(root);
  if (subs.length === 0) return '';
  if (onPath('squeue', env.PATH) === null)
    return `submitted to Slurm (genlab submit): ${subs.length} submission(s) under artifacts/.submit; no squeue here to ask for their state\n`;
  const lines = ['submitted to Slurm (genlab submit; artifacts/.submit/<name>/<time>/ holds scripts and output):'];
  for (const { dir, record } of subs) {
    lines.push(`  ${record.name}  ${record.created}  array job ${record.arrayJob}, report job ${record.reportJob}`);
    for (const j of submissionJobs(dir, record, env))
      lines.push(`    ${j.role.padEnd(8)} ${j.id.padEnd(10)} ${j.state.padEnd(10)} ${j.detail}`);
  }
  return `${lines.join('\n')}\n`;
}

/** `genlab submit --cancel <name>`: scancel every pending or running job of the study's submissions. */
export function cancelStudy(root: string, name: string, out: (s: string) => void, env: NodeJS.ProcessEnv = process.env): void {
  const subs = readSubmissions(root, name);
  if (subs.length === 0)
    throw new ClusterUsageError(`no submission of '${name}' under artifacts/.submit (genlab submit ${name} --slurm makes one)`);
  if (onPath('scancel', env.PATH) === null)
    throw new ClusterUsageError('scancel is not on PATH: cancel from a machine of the cluster (a login node)');
  const active = subs.flatMap(({ dir, record }) => submissionJobs(dir, record, env).filter((j) => j.active));
  if (active.length === 0) {
    out(`genlab: nothing of ${name} is pending or running\n`);
    return;
  }
  const r = slurm(
    'scancel',
    active.map((j) => j.id),
    env,
  );
  if (r.status !== 0) throw new ClusterError(`scancel failed:\n${said(r)}`);
  out(`genlab: cancelled ${active.map((j) => `${j.role} (${j.id})`).join(', ')} of ${name}\n`);
}
