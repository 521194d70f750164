import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { join } from 'node:path';
import { defineCommand } from '../command-declaration';

export const BENCH_DECLARATION = defineCommand({
  name: 'bench',
  usage: ['bench'],
  summary: 'training and evaluation throughput on each backend that loads',
  description: `First the machine's fp32 peak as the kernels reach it (a 2048 x 2048 x 2048 matrix product on
the configured threads); every training and conv row also says its share of that peak.
Then, on each backend that loads (native, wasm, tensorflow): training throughput of the
paper GAN and VAE (batch 64; images/s, GFLOP/s, one 60,000-image epoch extrapolated), the paper
GAN at 1 thread and at all threads beside PyTorch at the same threads, and of
paper-gan-bn (the GAN with batch norm in its generator, against PyTorch with the same batch
norm) on native and wasm, GFLOP/s
of each conv kernel direction on the paper's shapes (native and wasm kernels), and the time to
evaluate 10,000 samples (features, FID, IS, precision/recall). When 'python3 -c "import torch"'
works it runs the PyTorch CPU reference (bench/torch_reference.py, 2 threads) in the same run
and prints ratios. Prints figures; asserts nothing about speed. GENLAB_THREADS sets the threads
of native and wasm.
Then the remote cache: genlab cache serve's throughput with 4 concurrent clients, and the
quickstart (tiny specs) computed once against it and restored into a fresh clone. Then the time of answers
with nothing to do, in a temporary copy of the workspace with tiny specs: a fully cached
\`genlab run\` of the quickstart's shape (12 stages) and of a 64-variant sweep, and
\`genlab validate\` of one file (median of 3 whole-process runs).`,
  flags: {
    quick: { type: 'boolean', help: 'fewer steps' },
    cpu: { type: 'boolean', help: 'add the pure-JS backend (minutes per step)' },
  },
  run: (c) => benchCommand(c.root(), Boolean(c.values.quick), Boolean(c.values.cpu), c.out),
});

interface TrainBench {
  imagesPerSec: number;
  msPerStep: number;
  gflops: number;
}

export async function benchCommand(root: string, quick: boolean, cpu: boolean, out: (s: string) => void): Promise<number> {
  const { benchEvaluation } = require('@genlab/evaluate/bench/eval-bench') as typeof import('@genlab/evaluate/bench/eval-bench');
  const steps = quick ? 5 : 20;
  const rows: string[] = [];
  const peak = await peakRow(quick);
  out(peak.text);
  // The pure-JS cpu backend takes minutes per step (0.7 images/s for the VAE): only with --cpu.
  // native first: initBackend fixes the process's backend, and wasm is native's other kernel set.
  // PyTorch runs right before each model's rows, so load from other processes hits them alike.
  for (const kind of ['gan', 'vae'] as const) {
    const ref = torchReference(root, steps, kind);
    for (const backend of ['native', 'wasm', 'tensorflow', ...(cpu ? ['cpu'] : [])]) {
      if (backend === 'cpu' && kind === 'gan') continue; // 0.08 images/s: an hour for a few steps
      rows.push(
        await trainingRow(
          kind,
          { kind, batch: 64, steps: backend === 'cpu' ? 2 : steps, warmup: backend === 'cpu' ? 1 : 3, backend },
          ref,
          peak.gflops,
        ),
      );
    }
  }
  // The documented GAN variant (batch normalisation in the generator, against paper-gan's
  // collapse): its own rows, as its batch-norm kernels are a separate path, against PyTorch with
  // the same batch norm.
  const bnRef = torchReference(root, steps, 'gan-bn');
  for (const backend of ['native', 'wasm']) {
    rows.push(
      await trainingRow(
        'gan-bn',
        { kind: 'gan', batch: 64, steps, warmup: 3, backend, experiment: join(root, 'experiments', 'paper-gan-bn', 'experiment.yaml') },
        bnRef,
        peak.gflops,
      ),
    );
  }
  out(
    '\nTraining, batch 64 (median step)\n\n| backend | model | images/s | GFLOP/s | % of peak | 60k epoch | torch images/s | ratio |\n|---|---|---|---|---|---|---|---|\n',
  );
  out(rows.join('\n') + '\n');
  out(threadScaling(root, steps, peak.gflops));
  out(await convTable(quick, peak.gflops));
  const n = quick ? 2000 : 10000;
  const ev = await benchEvaluation({ samples: n, root });
  out(
    `\nEvaluation: ${ev.samples} samples vs ${ev.testImages} test images, ${ev.evaluator} evaluator (${ev.featureDim} features), ${ev.backend}\n\n`,
  );
  out('| part | seconds |\n|---|---|\n');
  out(
    Object.entries(ev.seconds)
      .map(([k, v]) => `| ${k} | ${v.toFixed(2)} |`)
      .join('\n') + '\n',
  );
  out(
    `\n(scores of that run: FID ${ev.values.fid.toFixed(2)}, IS ${ev.values.is.toFixed(2)}, precision ${ev.values.precision.toFixed(3)}, recall ${ev.values.recall.toFixed(3)})\n`,
  );
  // The remote cache: server throughput, and the quickstart restored into a fresh clone.
  const { benchRemoteCache } = require('../../bench/cache-bench') as typeof import('../../bench/cache-bench');
  await benchRemoteCache(out);
  const { benchNoopRerun } = require('../../bench/noop-rerun-bench') as typeof import('../../bench/noop-rerun-bench');
  const noop = benchNoopRerun({ repeats: 3, root });
  out(
    '\nWhole commands as a user waits for them, 3 runs: answers with nothing to do (every stage cached), and a tiny sweep whose every stage runs\n\n| command | median | runs |\n|---|---|---|\n',
  );
  out(
    noop.rows.map((r) => `| ${r.what} | ${r.median.toFixed(2)} s | ${r.seconds.map((x) => x.toFixed(2)).join(', ')} |`).join('\n') + '\n',
  );
  return 0;
}

/** GFLOP/s per conv direction on the paper's shapes, for the native and wasm kernels that load. */
/**
 * One row of the training table: `label`'s images/s, GFLOP/s and a 60,000-image epoch on the
 * options' backend, beside PyTorch's images/s (`torch`) when there is one; or why it could not run.
 */
export async function trainingRow(
  label: string,
  options: { kind: 'gan' | 'vae'; batch: number; steps: number; warmup: number; backend: string; experiment?: string },
  torch: number | undefined,
  peak?: number,
): Promise<string> {
  const { benchTraining } = require('@genlab/train/bench/train-bench') as { benchTraining: (o: object) => Promise<TrainBench> };
  let r: TrainBench;
  try {
    r = await benchTraining(options);
  } catch (err) {
    return `| ${options.backend} | ${label} | not available: ${(err as Error).message.split('\n')[0]} | | | | | |`;
  }
  const epoch = 60000 / r.imagesPerSec;
  return `| ${options.backend} | ${label} | ${r.imagesPerSec.toFixed(1)} | ${r.gflops.toFixed(1)} | ${ofPeak(r.gflops, peak)} | ${(epoch / 60).toFixed(1)} min | ${torch ? torch.toFixed(1) : 'n/a'} | ${torch ? (r.imagesPerSec / torch).toFixed(2) + 'x' : 'n/a'} |`;
}

/**
 * The paper GAN on native at 1 thread and at every thread GENLAB_THREADS allows (the core count
 * by default), each in a fresh process as wasm fixes its threads at start, beside PyTorch at the
 * same thread counts: how far each framework gets from a second core.
 */
function threadScaling(root: string, steps: number, peak: number | undefined): string {
  const all = Number(process.env.GENLAB_THREADS?.trim() || os.cpus().length);
  const script = join(root, 'packages', 'train', 'bench', 'train-bench-process.ts');
  const lines = [...new Set([1, all])].map((threads) => {
    const options = { kind: 'gan', batch: 64, steps, warmup: 3, backend: 'native' };
    const res = spawnSync(process.execPath, ['--require', 'tsx/cjs', script, JSON.stringify(options)], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, GENLAB_THREADS: String(threads) },
    });
    const line = (res.stdout ?? '').split('\n').find((l) => l.startsWith('RESULT '));
    if (!line) return `| ${threads} | not available: ${(res.stderr ?? '').trim().split('\n').at(-1) ?? `exit ${res.status}`} | | | | |`;
    const r = JSON.parse(line.slice('RESULT '.length)) as TrainBench;
    const torch = torchReference(root, steps, 'gan', threads);
    return `| ${threads} | ${r.imagesPerSec.toFixed(1)} | ${r.gflops.toFixed(1)} | ${ofPeak(r.gflops, peak)} | ${torch ? torch.toFixed(1) : 'n/a'} | ${torch ? (r.imagesPerSec / torch).toFixed(2) + 'x' : 'n/a'} |`;
  });
  return (
    '\nThreads: paper GAN on native, batch 64, each row in its own process (% of peak is of the all-threads peak above)\n\n' +
    '| threads | images/s | GFLOP/s | % of peak | torch images/s | ratio |\n|---|---|---|---|---|---|\n' +
    lines.join('\n') +
    '\n'
  );
}

/** `gflops` as a percentage of the measured peak. */
function ofPeak(gflops: number, peak: number | undefined): string {
  return peak ? `${((100 * gflops) / peak).toFixed(0)}%` : 'n/a';
}

/** The measured fp32 peak (native when built, else wasm) that the other rows are a share of. */
async function peakRow(quick: boolean): Promise<{ text: string; gflops: number | undefined }> {
  const { benchPeak, PEAK_MATMUL_SIZE } =
    require('@genlab/backend/bench/conv-gflops') as typeof import('@genlab/backend/bench/conv-gflops');
  const { loadAddon } = require('@genlab/backend-native') as typeof import('@genlab/backend-native');
  try {
    const p = await benchPeak(loadAddon().ok ? 'native' : 'wasm', quick ? 3 : 5);
    const n = PEAK_MATMUL_SIZE;
    return {
      gflops: p.gflops,
      text: `\nMeasured fp32 peak: ${p.gflops.toFixed(1)} GFLOP/s (${n} x ${n} x ${n} matrix product, ${p.kernels} kernels, ${p.threads} threads); "% of peak" below is a share of it\n`,
    };
  } catch (err) {
    return { gflops: undefined, text: `\nMeasured fp32 peak: not measured (${(err as Error).message.split('\n')[0]})\n` };
  }
}

async function convTable(quick: boolean, peak: number | undefined): Promise<string> {
  const { benchConvKernels } = require('@genlab/backend/bench/conv-gflops') as typeof import('@genlab/backend/bench/conv-gflops');
  const { loadAddon } = require('@genlab/backend-native') as typeof import('@genlab/backend-native');
  const sets: ('native' | 'wasm')[] = loadAddon().ok ? ['native', 'wasm'] : ['wasm'];
  let rows;
  try {
    rows = await benchConvKernels(sets, quick ? 3 : 7);
  } catch (err) {
    return `\nConv kernels: not measured (${(err as Error).message.split('\n')[0]})\n`;
  }
  const cell = (g: number) => `${g.toFixed(1)} (${ofPeak(g, peak)})`;
  const lines = rows.map(
    (r) => `| ${r.kernels} | ${r.shape} | ${cell(r.forward)} | ${cell(r.backpropInput)} | ${cell(r.backpropFilter)} |`,
  );
  return (
    `\nConv kernels, GFLOP/s (median of ${quick ? 3 : 7} calls; D at batch 128, G and VAE at 64)\n\n` +
    '| kernels | shape | forward (% of peak) | input gradient (dX) | filter gradient (dW) |\n|---|---|---|---|---|\n' +
    lines.join('\n') +
    '\n'
  );
}

/** images/s of the PyTorch reference (2 threads unless told) for one model kind, when torch is importable. */
function torchReference(root: string, steps: number, kind: 'gan' | 'gan-bn' | 'vae', threads = 2): number | undefined {
  // Debian's python3-torch lives in /usr/bin/python3, which a pyenv python3 on PATH may hide.
  const python = ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0);
  if (!python) return undefined;
  const res = spawnSync(python, [join(root, 'bench', 'torch_reference.py'), kind, '64', '3', String(steps), String(threads)], {
    encoding: 'utf8',
    env: { ...process.env, OPENBLAS_NUM_THREADS: '1' },
  });
  const line = (res.stdout ?? '').split('\n').find((l) => l.startsWith('RESULT '));
  return line ? (JSON.parse(line.slice('RESULT '.length)) as { img_per_s: number }).img_per_s : undefined;
}
