import { existsSync, statfsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The errors a stage cannot fix by itself, and what each means for the user. */
const DISK_ERRORS: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is used up',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
};

export function isDiskError(err: unknown): err is NodeJS.ErrnoException {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' && code in DISK_ERRORS;
}

/** A stage that could not write its files: full disk, quota, read-only or forbidden folder. */
export class DiskError extends Error {
  override readonly name = 'DiskError';
  constructor(message: string, readonly code: string, readonly folder: string) {
    super(message);
  }
}

export interface DiskErrorContext {
  stage: string;
  name: string;
  variant: string;
  /** The folders the stage writes: its artifact folder (and the temp folder beside it) and its work folder (checkpoints). */
  outDir: string;
  workDir: string;
  /** Bytes the stage needs, when known (e.g. the size of its previous artifact). */
  neededBytes: number | null;
  /** The epoch a rerun resumes from (train's last complete checkpoint), or null. */
  resumeEpoch: number | null;
}

/**
 * Turns ENOSPC / EDQUOT / EROFS / EACCES / EPERM into a message that says which folder, how much
 * room is left there, that nothing was lost, and where a rerun starts. Node names the file for
 * open, mkdir and copyfile, not for a write on an open file: then the folder is the stage's
 * folders' common parent when they share a file system.
 */
export function diskError(err: NodeJS.ErrnoException, c: DiskErrorContext): DiskError {
  const code = err.code!;
  // copyfile and rename name both files: `dest` is the one being written.
  const target = (err as { dest?: string }).dest ?? err.path;
  const folder = target ? (isDir(target) ? target : dirname(target)) : writtenFolder(c.outDir, c.workDir);
  const free = freeBytes(folder);
  const room = [free === null ? null : `${formatBytes(free)} free there`, c.neededBytes === null ? null : `the last ${c.stage} artifact took ${formatBytes(c.neededBytes)}`].filter(Boolean).join('; ');
  const fix = code === 'ENOSPC' || code === 'EDQUOT' ? 'Free some space' : code === 'EROFS' ? 'Make the folder writable (a read-write file system)' : 'Fix the permissions of that folder';
  const rerun = c.resumeEpoch !== null ? `training resumes from its checkpoint of epoch ${c.resumeEpoch}` : `${c.stage} runs again from its intact upstream artifacts`;
  const message =
    `cannot write ${c.stage} of ${c.name}/${c.variant}: ${DISK_ERRORS[code]} (${code}) in ${folder}${room ? ` (${room})` : ''}.\n` +
    `Nothing was lost: the artifacts already built are intact and this stage's unfinished output was removed${c.resumeEpoch !== null ? ' (its checkpoints are kept)' : ''}. ` +
    `${fix}, then run the same command again: ${rerun}.`;
  return new DiskError(message, code, folder);
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** The common parent of the two folders when both are on one file system (artifacts/), else the output folder. */
function writtenFolder(outDir: string, workDir: string): string {
  const a = existing(outDir);
  const b = existing(workDir);
  try {
    if (statSync(a).dev !== statSync(b).dev) return outDir;
  } catch {
    return outDir;
  }
  let common = outDir;
  while (!(workDir + '/').startsWith(common + '/') && dirname(common) !== common) common = dirname(common);
  return common;
}

/** The folder itself, or its nearest ancestor that exists (a removed temp folder's parent). */
function existing(p: string): string {
  let d = p;
  while (!existsSync(d) && dirname(d) !== d) d = dirname(d);
  return d;
}

function freeBytes(folder: string): number | null {
  try {
    const s = statfsSync(existing(folder));
    return s.bavail * s.bsize;
  } catch {
    return null;
  }
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  return `${v.toFixed(1)} ${units[i]}`;
}

/** Total size of the files a manifest lists, from its checksums: what the last build of a stage took. */
export function artifactBytes(checksums: Record<string, { size: number }> | undefined): number | null {
  if (!checksums) return null;
  const sizes = Object.values(checksums).map((c) => c.size);
  return sizes.length > 0 ? sizes.reduce((a, b) => a + b, 0) : null;
}

