import { spawnSync } from 'node:child_process';

/** The git commit of the code that ran a stage, and whether tracked files differed from it. */
export interface SourceCommit {
  commit: string;
  /** Tracked files had uncommitted changes: the commit alone does not reproduce the run. */
  dirty: boolean;
}

function git(root: string, args: string[]): string | null {
  const r = spawnSync('git', ['-C', root, ...args], { encoding: 'utf8', timeout: 10_000 });
  return r.status === 0 ? r.stdout.trim() : null;
}

/**
 * HEAD of the repository at `root` and whether tracked files differ from it (the stage runner
 * asks when a stage starts, its code just loaded); null outside a git checkout or without git,
 * which a manifest records as such.
 */
export function sourceCommit(root: string): SourceCommit | null {
  const commit = git(root, ['rev-parse', 'HEAD']);
  const status = commit ? git(root, ['status', '--porcelain', '--untracked-files=no']) : null;
  return commit && status !== null ? { commit, dirty: status !== '' } : null;
}
