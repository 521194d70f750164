import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export interface SlurmResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** The path of `command` on PATH, or null (a laptop without Slurm, a login node without sbatch). */
export function onPath(command: string, path = process.env.PATH ?? ''): string | null {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return join(dir, command);
    } catch {
      // not in this folder
    }
  }
  return null;
}

/**
 * Runs a Slurm client command (sbatch, squeue, sacct, scancel, scontrol, sinfo) and returns what
 * it said. The environment is passed on as it is: SLURM_CONF and the remote cache's variables
 * reach sbatch, which hands them to the jobs (--export=ALL), so no secret is ever an argument.
 */
export function slurm(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): SlurmResult {
  const r = spawnSync(command, args, { env, encoding: 'utf8', timeout: 60_000 });
  if (r.error) return { status: null, stdout: '', stderr: r.error.message };
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** What a failed command said, for an error message: its stderr, else its stdout, trimmed. */
export function said(r: SlurmResult): string {
  return (r.stderr.trim() || r.stdout.trim() || `exit status ${r.status}`)
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}
