import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runStage } from '@genlab/artifacts';
import { stageCodeHash, type Stage } from '@genlab/spec';
import { loadWorkspaceFor } from '../load-specs';
import { resolveStage } from '../resolve-stage';
import { stageFunction } from '../stage-functions';
import { assertMayTrain } from '../on-demand-guard';
import { completeCheckpoints } from '@genlab/train/work-folder';
import { defineCommand, positionalsOf } from '../command-declaration';
import { NO_WAIT_FLAG } from './shared-flags';

export const STAGE_DECLARATION = defineCommand({
  name: 'stage',
  usage: ['stage <stage> <name>'],
  summary: 'run one stage directly (what each Nx target executes)',
  description: `Runs one stage directly, without Nx and without its cache: what each Nx target executes.
Upstream artifacts must exist (run them first, or use genlab run). The artifact is
written to artifacts/<name>/<variant>/<stage>/ atomically, with manifest.json and log.jsonl.
One process at a time works on a stage: a second one waits for the first (--no-wait: fails).`,
  args: [
    {
      name: '<stage>',
      help: 'data, model, train, sample, evaluate (experiments), evaluator (evaluators), report (reports)',
    },
    { name: '<name>', help: 'the experiment, evaluator or report: a folder under experiments/' },
  ],
  flags: {
    variant: { type: 'string', value: '<v>', help: "the sweep variant (an experiment's stages in a sweep)" },
    'no-wait': NO_WAIT_FLAG,
  },
  run: (c) => {
    const [stage, name] = positionalsOf(c, 2);
    return stageCommand(c.root(), stage as Stage, name, c.values.variant);
  },
});

export async function stageCommand(root: string, stage: Stage, name: string, variant: string | undefined): Promise<number> {
  // Quiet about other broken specs: genlab run warned once already.
  const ws = loadWorkspaceFor(root, [name]);
  const r = resolveStage(ws, stage, name, variant);
  assertMayTrain(stage, name, r.spec as { onDemand?: boolean }, process.env);
  const fn = stageFunction(stage) as (ctx: unknown) => ReturnType<ReturnType<typeof stageFunction>>;
  // Every manifest records the hash of the code that made it, so a rerun (or --dry-run) can say
  // "code changed" rather than guess.
  const run = async (ctx: unknown) => {
    const out = await fn(ctx);
    return { ...out, result: { ...out.result, codeHash: stageCodeHash(stage) } };
  };
  // A full disk's message says which epoch a rerun resumes from: train's last checkpoint.
  const resumeEpoch =
    stage === 'train' ? (workDir: string) => completeCheckpoints(join(workDir, 'checkpoints')).at(-1)?.epoch ?? null : undefined;
  const manifest = await runStage({ ...r, root, run, resumeEpoch, packageVersion: packageVersion(root) });
  process.stderr.write(`genlab: wrote ${r.dir} (fingerprint ${manifest.fingerprint})\n`);
  return 0;
}

export function packageVersion(root: string): string {
  return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
}
