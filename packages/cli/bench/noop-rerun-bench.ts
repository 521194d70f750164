import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { makeTempWorkspace, REPO_ROOT, TINY_EVALUATOR, TINY_GAN, TINY_VAE, writeSpecs } from '../test-support/temp-workspace';

// How long genlab takes to answer when there is nothing to do: a `genlab run` whose every stage
// is cached (the whole process, as a user waits for it) and `genlab validate` of one file. The
// workspaces are temporary copies of this repository with tiny specs: what is measured is graph
// building, hashing and cache restores, which do not depend on how big the trained models are.

export interface NoopBench {
  /** Median wall seconds of each measured command, with what it ran. */
  rows: { what: string; seconds: number[]; median: number }[];
}

const GENLAB = (root: string) => join(root, 'packages', 'cli', 'bin', 'genlab.cjs');

/** Runs `genlab <args>` as a user would; throws with its output when it fails. */
function genlab(root: string, args: string[], env: Record<string, string> = {}): number {
  const started = performance.now();
  const res = spawnSync(process.execPath, [GENLAB(root), ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, ...env } });
  const seconds = (performance.now() - started) / 1000;
  if (res.status !== 0) throw new Error(`genlab ${args.join(' ')} failed (${res.status}):\n${res.stdout}\n${res.stderr}`);
  return seconds;
}

function timed(what: string, repeats: number, fn: () => number): NoopBench['rows'][number] {
  const seconds = Array.from({ length: repeats }, fn);
  const sorted = [...seconds].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return { what, seconds, median: sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2 };
}

/** A sweep of `n` = seeds x latent sizes variants of the tiny GAN. */
function sweepSpec(seeds: number, latents: number): string {
  const list = (n: number, from: number) => `[${Array.from({ length: n }, (_, i) => from + i).join(', ')}]`;
  return `name: sweep\n${TINY_GAN}\nsweep:\n  seed: ${list(seeds, 1)}\n  model.latentDim: ${list(latents, 2)}\n`;
}

/** Whether every stage of `genlab run <name>` in `root` would be restored (its --dry-run says so). */
function fullyCached(root: string, name: string): boolean {
  const res = spawnSync(process.execPath, [GENLAB(root), 'run', name, '--dry-run'], { cwd: root, encoding: 'utf8' });
  return res.status === 0 && /^0 of \d+ stage\(s\) would run/m.test(res.stdout);
}

/**
 * The quickstart's shape (two experiments, the evaluator, the report: 12 stages) at tiny sizes,
 * and a 64-variant sweep run up to its data stage (64 stages); each run once to fill the cache,
 * then rerun `repeats` times. `workspace`: a temporary workspace where the tiny quickstart is
 * already computed (the cache bench's clone A), used and removed instead of making and filling
 * a new one.
 */
export function benchNoopRerun(
  opts: { repeats?: number; freshRepeats?: number; keep?: boolean; root?: string; workspace?: string } = {},
): NoopBench {
  const repeats = opts.repeats ?? 3;
  // The tiny sweep's runs each start 10 stage processes: the costliest row, so it may run fewer times.
  const freshRepeats = opts.freshRepeats ?? repeats;
  // The real quickstart too, when `npm start` has filled this workspace's cache.
  const real =
    opts.root && fullyCached(opts.root, 'quickstart')
      ? [timed('genlab run quickstart (this workspace, real artifacts)', repeats, () => genlab(opts.root as string, ['run', 'quickstart']))]
      : [];
  const quickstart = {
    'quickstart-gan/experiment.yaml': `name: quickstart-gan\n${TINY_GAN}`,
    'quickstart-vae/experiment.yaml': `name: quickstart-vae\n${TINY_VAE}`,
    'quickstart/report.yaml': readFileSync(join(REPO_ROOT, 'experiments', 'quickstart', 'report.yaml'), 'utf8'),
    'evaluator/evaluator.yaml': TINY_EVALUATOR,
  };
  const sweep = { 'sweep/experiment.yaml': sweepSpec(8, 8) };
  const root = opts.workspace ?? makeTempWorkspace({ ...quickstart, ...sweep });
  let fresh = 100;
  try {
    if (opts.workspace) writeSpecs(root, sweep);
    // Computes it in a new workspace; a check that costs one cached run in a given one.
    genlab(root, ['run', 'quickstart']);
    // Filling the sweep runs 64 data-stage processes, one after another under nx.json's
    // parallel 1: most of this bench's time. They are independent, so one per core (untimed).
    genlab(root, ['run', 'sweep', '--until', 'data'], { NX_PARALLEL: String(availableParallelism()) });
    const rows = [
      ...real,
      timed('genlab run quickstart (tiny copy, 12 stages cached)', repeats, () => genlab(root, ['run', 'quickstart'])),
      timed('genlab run sweep --until data (64 variants cached)', repeats, () => genlab(root, ['run', 'sweep', '--until', 'data'])),
      timed('genlab validate experiments/quickstart-gan/experiment.yaml', repeats, () =>
        genlab(root, ['validate', 'experiments/quickstart-gan/experiment.yaml']),
      ),
      // The opposite: nothing cached. Two tiny variants, seeds never used before, so all 10 stage
      // processes run (the evaluator is cached); most of their time is each process starting up.
      timed('genlab run tiny-sweep (2 variants x 5 stages, every stage runs)', freshRepeats, () => {
        fresh += 2;
        writeSpecs(root, { 'tiny-sweep/experiment.yaml': `name: tiny-sweep\n${TINY_GAN}\nsweep:\n  seed: [${fresh}, ${fresh + 1}]\n` });
        return genlab(root, ['run', 'tiny-sweep']);
      }),
    ];
    return { rows };
  } finally {
    if (!opts.keep) rmSync(root, { recursive: true, force: true });
    else process.stderr.write(`kept ${root}\n`);
  }
}

if (require.main === module) {
  const r = benchNoopRerun({ keep: process.argv.includes('--keep'), root: REPO_ROOT });
  for (const row of r.rows)
    console.log(`${row.what}: median ${row.median.toFixed(2)} s (${row.seconds.map((s) => s.toFixed(2)).join(', ')})`);
}
