import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const BENCH_HELP = `genlab bench [--quick]

Measures, on each tfjs backend that loads: training throughput of the paper GAN and VAE
(batch 64; images/s, GFLOP/s, one 60,000-image epoch extrapolated) and the time to evaluate
10,000 samples (features, FID, IS, precision/recall). When 'python3 -c "import torch"' works it
runs the PyTorch CPU reference (bench/torch_reference.py) in the same run and prints ratios.
Then the time of answers with nothing to do, in a temporary copy of the workspace with tiny
specs: a fully cached \`genlab run\` of the quickstart's shape (12 stages) and of a 64-variant
sweep, and \`genlab validate\` of one file (median of 3 whole-process runs).
Prints figures; asserts nothing about speed. --quick uses fewer steps; --cpu adds the pure-JS
backend (minutes per step).`;

interface TrainBench { imagesPerSec: number; msPerStep: number; gflops: number }

export async function benchCommand(root: string, quick: boolean, cpu: boolean, out: (s: string) => void): Promise<number> {
  const { benchTraining } = require('@genlab/train/bench/train-bench') as { benchTraining: (o: object) => Promise<TrainBench> };
  const { benchEvaluation } = require('@genlab/evaluate/bench/eval-bench') as typeof import('@genlab/evaluate/bench/eval-bench');
  const steps = quick ? 5 : 20;
  const torch = torchReference(root, steps);
  const rows: string[] = [];
  // The pure-JS cpu backend takes minutes per step (0.7 images/s for the VAE): only with --cpu.
  for (const backend of ['wasm', 'tensorflow', ...(cpu ? ['cpu'] : [])]) {
    for (const kind of ['gan', 'vae'] as const) {
      if (backend === 'cpu' && kind === 'gan') continue; // 0.08 images/s: an hour for a few steps
      let r: TrainBench;
      try {
        r = await benchTraining({ kind, batch: 64, steps: backend === 'cpu' ? 2 : steps, warmup: backend === 'cpu' ? 1 : 3, backend });
      } catch (err) {
        rows.push(`| ${backend} | ${kind} | not available: ${(err as Error).message.split('\n')[0]} | | | | |`);
        continue;
      }
      const ref = torch[kind];
      const epoch = 60000 / r.imagesPerSec;
      rows.push(`| ${backend} | ${kind} | ${r.imagesPerSec.toFixed(1)} | ${r.gflops.toFixed(1)} | ${(epoch / 60).toFixed(1)} min | ${ref ? ref.toFixed(1) : 'n/a'} | ${ref ? (r.imagesPerSec / ref).toFixed(2) + 'x' : 'n/a'} |`);
    }
  }
  out('\nTraining, batch 64 (median step)\n\n| backend | model | images/s | GFLOP/s | 60k epoch | torch images/s | ratio |\n|---|---|---|---|---|---|---|\n');
  out(rows.join('\n') + '\n');
  const n = quick ? 2000 : 10000;
  const ev = await benchEvaluation({ samples: n, root });
  out(`\nEvaluation: ${ev.samples} samples vs ${ev.testImages} test images, ${ev.evaluator} evaluator (${ev.featureDim} features), ${ev.backend}\n\n`);
  out('| part | seconds |\n|---|---|\n');
  out(Object.entries(ev.seconds).map(([k, v]) => `| ${k} | ${v.toFixed(2)} |`).join('\n') + '\n');
  out(`\n(scores of that run: FID ${ev.values.fid.toFixed(2)}, IS ${ev.values.is.toFixed(2)}, precision ${ev.values.precision.toFixed(3)}, recall ${ev.values.recall.toFixed(3)})\n`);
  const { benchNoopRerun } = require('../../bench/noop-rerun-bench') as typeof import('../../bench/noop-rerun-bench');
  const noop = benchNoopRerun({ repeats: 3, root });
  out('\nAnswers with nothing to do (every stage cached; whole process as a user waits for it, 3 runs)\n\n| command | median | runs |\n|---|---|---|\n');
  out(noop.rows.map((r) => `| ${r.what} | ${r.median.toFixed(2)} s | ${r.seconds.map((x) => x.toFixed(2)).join(', ')} |`).join('\n') + '\n');
  return 0;
}

/** images/s of the PyTorch reference per model kind, when torch is importable. */
function torchReference(root: string, steps: number): Partial<Record<'gan' | 'vae', number>> {
  // Debian's python3-torch lives in /usr/bin/python3, which a pyenv python3 on PATH may hide.
  const python = ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0);
  if (!python) return {};
  const out: Partial<Record<'gan' | 'vae', number>> = {};
  for (const kind of ['gan', 'vae'] as const) {
    const res = spawnSync(python, [join(root, 'bench', 'torch_reference.py'), kind, '64', '3', String(steps), '2'], {
      encoding: 'utf8',
      env: { ...process.env, OPENBLAS_NUM_THREADS: '1' },
    });
    const line = (res.stdout ?? '').split('\n').find((l) => l.startsWith('RESULT '));
    if (line) out[kind] = (JSON.parse(line.slice('RESULT '.length)) as { img_per_s: number }).img_per_s;
  }
  return out;
}
