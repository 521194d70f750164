import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';

const live = new Set<string>();
let hooked = false;

/** Removes temporary folders of this process if it is interrupted (SIGINT/SIGTERM). */
function hookExit(): void {
  if (hooked) return;
  hooked = true;
  const cleanup = () => live.forEach((d) => rmSync(d, { recursive: true, force: true }));
  process.on('exit', cleanup);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      cleanup();
      process.exit(sig === 'SIGINT' ? 130 : 143);
    });
  }
}

/** A fresh sibling folder of `finalDir` (same file system, so the final rename is atomic). */
export function makeTempDir(finalDir: string): string {
  hookExit();
  mkdirSync(dirname(finalDir), { recursive: true });
  const tmp = join(dirname(finalDir), `.${basename(finalDir)}.tmp-${process.pid}-${Date.now().toString(36)}`);
  mkdirSync(tmp, { recursive: true });
  live.add(tmp);
  return tmp;
}

/** Moves `tmp` to `finalDir`, replacing what was there only once the new folder is complete. */
export function commitDir(tmp: string, finalDir: string): void {
  const old = existsSync(finalDir) ? `${tmp}.old` : undefined;
  if (old) renameSync(finalDir, old);
  renameSync(tmp, finalDir);
  live.delete(tmp);
  if (old) rmSync(old, { recursive: true, force: true });
}

export function discardDir(tmp: string): void {
  rmSync(tmp, { recursive: true, force: true });
  live.delete(tmp);
}

/** Every file under `dir`, relative and sorted (the manifest's `files`). */
export function listFiles(dir: string, under = dir): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name), under) : [relative(under, join(dir, e.name))]))
    .sort();
}
