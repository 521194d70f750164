import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The folder holding nx.json, from the current directory up; commands work from any subfolder. */
export function findWorkspaceRoot(from = process.cwd()): string {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, 'nx.json')) && existsSync(join(dir, 'experiments'))) return dir;
    const up = dirname(dir);
    if (up === dir) return resolve(from);
    dir = up;
  }
}
