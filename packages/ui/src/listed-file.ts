import { realpathSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';

/**
 * The file `rel` of folder `dir` when `listed` names it (a manifest's `files`, or names the
 * caller read and checked) and it really lies inside `dir` and inside `within` (artifacts/): a
 * symlink pointing out of either (the file's or a folder's on the way), or a listed name that
 * is not a regular file, gives null. `rel` uses `/`.
 */
export function listedFile(within: string, dir: string, rel: string, listed: readonly string[]): string | null {
  if (!listed.includes(rel)) return null;
  if (rel.split('/').some((part) => part === '' || part === '.' || part === '..')) return null;
  try {
    const real = realpathSync(join(dir, ...rel.split('/')));
    const base = realpathSync(dir);
    if (!real.startsWith(base + sep) || !base.startsWith(realpathSync(within) + sep) || !statSync(real).isFile()) return null;
    return real;
  } catch {
    return null;
  }
}

/**
 * The decoded segments of a URL path, or null when one cannot be a file-name segment: an
 * encoded slash or backslash, `.` or `..`, a NUL, or bad percent-encoding.
 */
export function pathSegments(pathname: string): string[] | null {
  const parts = pathname.split('/').slice(1);
  const out: string[] = [];
  for (const raw of parts) {
    let s: string;
    try {
      s = decodeURIComponent(raw);
    } catch {
      return null;
    }
    if (s === '.' || s === '..' || /[/\\\0]/.test(s)) return null;
    out.push(s);
  }
  return out;
}
