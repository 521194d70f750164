import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FAILED_FILE, stageWorkDir } from '@genlab/artifacts';
import type { Workspace } from '@genlab/spec';
import { EXIT_BAD_INPUT } from '../exit-codes';
import { resolveStage } from '../resolve-stage';

/**
 * The exit code of a `genlab run` whose Nx run failed: 2 when a sample stage failed on a bad
 * imported samples file (the stage exits 2, but Nx reports any failed task with its own code),
 * else Nx's. The stage's `failed.json` in its work folder says how it ended.
 */
export function importedSamplesExitCode(ws: Workspace, variants: [string, string][], nxCode: number): number {
  if (nxCode === 0) return nxCode;
  for (const [name, variant] of variants) {
    if (!ws.experiments.find((e) => e.spec.name === name)?.spec.samples) continue;
    const file = join(stageWorkDir(ws.root, resolveStage(ws, 'sample', name, variant)), FAILED_FILE);
    if (!existsSync(file)) continue;
    try {
      if ((JSON.parse(readFileSync(file, 'utf8')) as { error?: unknown }).error === 'ImportedSamplesError') return EXIT_BAD_INPUT;
    } catch {
      // Unreadable: Nx's code stands.
    }
  }
  return nxCode;
}
