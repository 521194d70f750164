import { ClusterUsageError } from './cluster-error';

/** The shortest limit genlab asks for: node start-up, npm's and Nx's own start, restores. */
export const MIN_TIME_LIMIT_SEC = 15 * 60;

/**
 * A job's time limit from an estimate: twice the estimate (estimates come from this machine's
 * speed, and a cluster node may be slower or shared) plus 10 minutes, at least 15 minutes,
 * rounded up to 5 minutes. Slurm kills a job at its limit; a train stage killed there resumes
 * from its last checkpoint on the next submission, so too short costs a resubmission, not work.
 */
export function timeLimitFor(estimateSec: number): number {
  const padded = Math.max(MIN_TIME_LIMIT_SEC, 2 * estimateSec + 600);
  return Math.ceil(padded / 300) * 300;
}

/** Seconds as Slurm's `--time`: `HH:MM:SS`, or `D-HH:MM:SS` from a day on. */
export function formatSlurmTime(seconds: number): string {
  const s = Math.ceil(seconds);
  const days = Math.floor(s / 86400);
  const pad = (n: number) => String(n).padStart(2, '0');
  const hms = `${pad(Math.floor((s % 86400) / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
  return days > 0 ? `${days}-${hms}` : hms;
}

/** Parses `--time` as `HH:MM:SS` or `D-HH:MM:SS` (minutes and seconds below 60); seconds. */
export function parseSlurmTime(text: string): number {
  const m = /^(?:(\d+)-)?(\d{1,3}):([0-5]\d):([0-5]\d)$/.exec(text);
  if (!m) throw new ClusterUsageError(`--time expects HH:MM:SS or D-HH:MM:SS (e.g. 02:30:00), found '${text}'`);
  const seconds = Number(m[1] ?? 0) * 86400 + Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4]);
  if (seconds === 0) throw new ClusterUsageError('--time must be longer than 00:00:00');
  return seconds;
}
