import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { Stage } from './stage-slice';

/**
 * The packages whose production code each stage runs (the stage's package and what it
 * imports). Their files are Nx inputs of the stage, so editing train code reruns train and
 * after, and editing report code reruns only reports.
 */
export const STAGE_PACKAGES: Record<Stage, string[]> = {
  data: ['spec', 'artifacts', 'backend', 'data'],
  model: ['spec', 'artifacts', 'backend', 'models'],
  train: ['spec', 'artifacts', 'backend', 'data', 'models', 'train'],
  sample: ['spec', 'artifacts', 'backend', 'data', 'models', 'sample'],
  evaluator: ['spec', 'artifacts', 'backend', 'data', 'models', 'evaluate'],
  evaluate: ['spec', 'artifacts', 'backend', 'data', 'models', 'evaluate'],
  report: ['spec', 'artifacts', 'report'],
};

/** The tfjs packages every stage but report runs on; their versions are part of the code. */
export const TFJS_PACKAGES = ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm'];

function srcFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? srcFiles(join(dir, e.name)) : e.name.endsWith('.test.ts') ? [] : [join(dir, e.name)]))
    .sort();
}

const memo = new Map<Stage, string>();

/**
 * Hash of the code a stage runs: the production sources of its packages (what Nx hashes as the
 * stage's code inputs) and the installed tfjs versions. Recorded in manifests, so a rerun can
 * say "code changed" and a longer training run continues only what the same code trained.
 */
export function stageCodeHash(stage: Stage): string {
  const hit = memo.get(stage);
  if (hit) return hit;
  const h = createHash('sha256');
  for (const p of STAGE_PACKAGES[stage]) {
    const dir = dirname(require.resolve(`@genlab/${p}/package.json`));
    for (const f of srcFiles(join(dir, 'src'))) h.update(`${p}/${relative(dir, f)}\n`).update(readFileSync(f)).update('\n');
  }
  if (stage !== 'report') {
    for (const t of TFJS_PACKAGES) {
      const version = (JSON.parse(readFileSync(require.resolve(`${t}/package.json`), 'utf8')) as { version: string }).version;
      h.update(`${t}@${version}\n`);
    }
  }
  const hash = h.digest('hex').slice(0, 16);
  memo.set(stage, hash);
  return hash;
}
