import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger, runStage } from '@genlab/artifacts';
import { loadWorkspace, type Stage } from '@genlab/spec';
import { resolveStage } from '../resolve-stage';
import { stageFunction } from '../stage-functions';

export const STAGE_HELP = `genlab stage <stage> <name> [--variant <variant>]

Runs one stage directly, without Nx and without its cache: what each Nx target executes.
Stages: data, model, train, sample, evaluate (experiments), evaluator (evaluators), report
(reports). Upstream artifacts must exist (run them first, or use genlab run). The artifact is
written to artifacts/<name>/<variant>/<stage>/ atomically, with manifest.json and log.jsonl.`;

export async function stageCommand(root: string, stage: Stage, name: string, variant: string | undefined): Promise<number> {
  const ws = loadWorkspace(root);
  const r = resolveStage(ws, stage, name, variant);
  const { log, close } = createLogger();
  try {
    const manifest = await runStage({ ...r, root, run: stageFunction(stage), log, packageVersion: packageVersion(root) });
    log.info({ dir: r.dir, fingerprint: manifest.fingerprint }, `wrote ${r.dir}`);
    return 0;
  } finally {
    await close();
  }
}

export function packageVersion(root: string): string {
  return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
}
