import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { listFiles } from './write-atomically';

/**
 * Which inode, size and times each file under `dirs` has right now ('missing' for a folder that
 * is not there). Nx restores a cached task by removing its output folder and copying the cached
 * one in; a concurrent `genlab run` may do that to an upstream folder while this stage reads it.
 * Comparing identities before and after the stage tells whether that happened.
 */
export function fileIdentities(dirs: string[]): Map<string, string> {
  const ids = new Map<string, string>();
  for (const dir of dirs) {
    if (!existsSync(dir)) {
      ids.set(dir, 'missing');
      continue;
    }
    try {
      for (const f of listFiles(dir)) {
        const st = statSync(join(dir, f));
        ids.set(join(dir, f), `${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`);
      }
    } catch {
      ids.set(dir, 'changing'); // a file vanished while we listed: it is being rewritten
    }
  }
  return ids;
}

/** Files whose identity differs between two readings (added, removed or rewritten). */
export function changedFiles(before: Map<string, string>, after: Map<string, string>): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys].filter((k) => before.get(k) !== after.get(k)).sort();
}
