import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runStage } from '@genlab/artifacts';
import { loadWorkspace, type Stage } from '@genlab/spec';
import { resolveStage } from '../resolve-stage';
import { stageFunction } from '../stage-functions';

export const STAGE_HELP = `genlab stage <stage> <name> [--variant <variant>] [--no-wait]

Runs one stage directly, without Nx and without its cache: what each Nx target executes.
Stages: data, model, train, sample, evaluate (experiments), evaluator (evaluators), report
(reports). Upstream artifacts must exist (run them first, or use genlab run). The artifact is
written to artifacts/<name>/<variant>/<stage>/ atomically, with manifest.json and log.jsonl.
One process at a time works on a stage: a second one waits for the first (--no-wait: fails).`;

export async function stageCommand(root: string, stage: Stage, name: string, variant: string | undefined): Promise<number> {
  const ws = loadWorkspace(root);
  const r = resolveStage(ws, stage, name, variant);
  const manifest = await runStage({ ...r, root, run: stageFunction(stage) as (ctx: unknown) => ReturnType<ReturnType<typeof stageFunction>>, packageVersion: packageVersion(root) });
  process.stderr.write(`genlab: wrote ${r.dir} (fingerprint ${manifest.fingerprint})\n`);
  return 0;
}

export function packageVersion(root: string): string {
  return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
}
