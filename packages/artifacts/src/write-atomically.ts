import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { onExitCleanup } from './exit-cleanup';
import { pidAlive } from './process-liveness';

/** Temp folders of this process, each with the function that stops its exit cleanup. */
const live = new Map<string, () => void>();

const tempPrefix = (finalDir: string) => `.${basename(finalDir)}.tmp-`;

/** A fresh sibling folder of `finalDir` (same file system, so the final rename is atomic). */
export function makeTempDir(finalDir: string): string {
  mkdirSync(dirname(finalDir), { recursive: true });
  const tmp = join(dirname(finalDir), `${tempPrefix(finalDir)}${process.pid}-${Date.now().toString(36)}`);
  mkdirSync(tmp, { recursive: true });
  // Removed if the process is interrupted; a kill -9 leaves it to removeStaleTempDirs.
  live.set(tmp, onExitCleanup(() => rmSync(tmp, { recursive: true, force: true })));
  return tmp;
}

/**
 * Removes `.<stage>.tmp-<pid>-*` folders beside `finalDir` whose process is gone (killed, or
 * from before a reboot), and returns them. Called by the stage runner under the stage's lock.
 */
export function removeStaleTempDirs(finalDir: string): string[] {
  const parent = dirname(finalDir);
  if (!existsSync(parent)) return [];
  const prefix = tempPrefix(finalDir);
  const removed: string[] = [];
  for (const name of readdirSync(parent)) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(/^(\d+)-/.exec(name.slice(prefix.length))?.[1]);
    if (!Number.isInteger(pid) || pid === process.pid || pidAlive(pid)) continue;
    rmSync(join(parent, name), { recursive: true, force: true });
    removed.push(join(parent, name));
  }
  return removed;
}

/** Moves `tmp` to `finalDir`, replacing what was there only once the new folder is complete. */
export function commitDir(tmp: string, finalDir: string): void {
  const old = existsSync(finalDir) ? `${tmp}.old` : undefined;
  if (old) renameSync(finalDir, old);
  renameSync(tmp, finalDir);
  forget(tmp);
  if (old) rmSync(old, { recursive: true, force: true });
}

export function discardDir(tmp: string): void {
  rmSync(tmp, { recursive: true, force: true });
  forget(tmp);
}

function forget(tmp: string): void {
  live.get(tmp)?.();
  live.delete(tmp);
}

/** Every file under `dir`, relative and sorted (the manifest's `files`). */
export function listFiles(dir: string, under = dir): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name), under) : [relative(under, join(dir, e.name))]))
    .sort();
}
