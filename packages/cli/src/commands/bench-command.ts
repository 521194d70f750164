import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { join } from 'node:path';
import { defineCommand } from '../command-declaration';

export const BENCH_DECLARATION = defineCommand({
  name: 'bench',
  usage: ['bench'],
  summary: 'training and evaluation throughput on each backend that loads',
  description: `First the machine's fp32 peak as the kernels reach it: the best of a few large kernels on the
configured threads (matrix products of 1024 and 2048, two convolutions without padding), naming
the one that set it; every training and conv row also says its share of that peak. And the
memory bandwidth (the native Square kernel over 64 MiB), for the conv rows' roofline.
Then, on each backend that loads (native, wasm, tensorflow): training throughput of the
paper GAN and VAE (batch 64; images/s, GFLOP/s, one 60,000-image epoch extrapolated), the paper
GAN at 1 thread and at all threads beside PyTorch at the same threads, and of
paper-gan-bn (the GAN with batch norm in its generator, against PyTorch with the same batch
norm) on native and wasm, GFLOP/s
of each conv kernel direction on the paper's shapes (native and wasm kernels) with each shape's
FLOPs, fewest bytes and roofline bound, and whether each direction reaches 50% of the peak (or
of its bound, where memory holds that below the peak), and the time to
evaluate 10,000 samples (features, FID, IS, precision/recall). When 'python3 -c "import torch"'
works it runs the PyTorch CPU reference (bench/torch_reference.py, 2 threads) in the same run
and prints ratios. Prints figures; asserts nothing about speed. GENLAB_THREADS sets the threads
of native and wasm.
Then the remote cache: genlab cache serve's throughput with 4 concurrent clients, and the
quickstart (tiny specs) computed once against it and restored into a fresh clone. Then the time of answers
with nothing to do, in the clone that computed it: a fully cached
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

/**
 * Timed and warm-up steps per backend. wasm's GAN step takes over a second and varies little
 * from step to step, so it runs 6 (the bench's 5-minute budget: 20 + 3 took 56 s of it for the
 * two GAN rows); native's take 0.15 s, so 20.
 */
function stepsFor(backend: string, quick: boolean): { steps: number; warmup: number } {
  if (backend === 'cpu') return { steps: 2, warmup: 1 };
  if (backend === 'wasm') return quick ? { steps: 3, warmup: 1 } : { steps: 6, warmup: 1 };
  return { steps: quick ? 5 : 20, warmup: 3 };
}

/**
 * PyTorch's timed steps (after 3 warm-up steps): its GAN step takes 0.35-0.45 s on 2 threads, and
 * its speed varies more between runs (15%) than between steps, so 10 is as good a median as 20.
 */
const torchSteps = (quick: boolean) => (quick ? 5 : 10);

export async function benchCommand(root: string, quick: boolean, cpu: boolean, out: (s: string) => void): Promise<number> {
  const { benchEvaluation } = require('@genlab/evaluate/bench/eval-bench') as typeof import('@genlab/evaluate/bench/eval-bench');
  const steps = quick ? 5 : 20;
  const tSteps = torchSteps(quick);
  const rows: string[] = [];
  const peak = await peakRow(quick);
  out(peak.text);
  const bandwidth = await bandwidthRow(quick);
  out(bandwidth.text);
  // The paper GAN on native at all threads in this process: the threads table's last row.
  let nativeGan: TrainBench | undefined;
  let torchGan: number | undefined;
  // The pure-JS cpu backend takes minutes per step (0.7 images/s for the VAE): only with --cpu.
  // native first: initBackend fixes the process's backend, and wasm is native's other kernel set.
  // PyTorch runs right before each model's rows, so load from other processes hits them alike.
  for (const kind of ['gan', 'vae'] as const) {
    const ref = torchReference(root, tSteps, kind);
    if (kind === 'gan') torchGan = ref;
    for (const backend of ['native', 'wasm', 'tensorflow', ...(cpu ? ['cpu'] : [])]) {
      if (backend === 'cpu' && kind === 'gan') continue; // 0.08 images/s: an hour for a few steps
      const r = await benchOrError({ kind, batch: 64, ...stepsFor(backend, quick), backend });
      if (kind === 'gan' && backend === 'native' && !(r instanceof Error)) nativeGan = r;
      rows.push(formatTrainingRow(kind, backend, r, ref, peak.gflops));
    }
  }
  // The documented GAN variant (batch normalisation in the generator, against paper-gan's
  // collapse): its own rows, as its batch-norm kernels are a separate path, against PyTorch with
  // the same batch norm.
  const bnRef = torchReference(root, tSteps, 'gan-bn');
  const bnExperiment = join(root, 'experiments', 'paper-gan-bn', 'experiment.yaml');
  for (const backend of ['native', 'wasm']) {
    const r = await benchOrError({ kind: 'gan', batch: 64, ...stepsFor(backend, quick), backend, experiment: bnExperiment });
    rows.push(formatTrainingRow('gan-bn', backend, r, bnRef, peak.gflops));
  }
  out(
    `\nTraining, batch 64 (median step; native ${quick ? 5 : 20} steps, wasm ${quick ? 3 : 6}, PyTorch ${tSteps}; GFLOP/s count every filter tap, padding included, as the models count them)\n\n| backend | model | images/s | GFLOP/s | % of peak | 60k epoch | torch images/s | ratio |\n|---|---|---|---|---|---|---|---|\n`,
  );
  out(rows.join('\n') + '\n');
  out(threadScaling(root, steps, tSteps, peak.gflops, peak.threads, nativeGan, torchGan));
  out(await convTable(quick, peak.gflops, bandwidth.gbs));
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
  // The remote cache: server throughput, and the quickstart restored into a fresh clone. The
  // clone that computed the quickstart is where the answers with nothing to do are timed next,
  // so the tiny quickstart is computed once, not twice.
  const { benchRemoteCache } = require('../../bench/cache-bench') as typeof import('../../bench/cache-bench');
  const computed = await benchRemoteCache(out, { keepComputed: true });
  const { benchNoopRerun } = require('../../bench/noop-rerun-bench') as typeof import('../../bench/noop-rerun-bench');
  const noop = benchNoopRerun({ repeats: 3, freshRepeats: 2, root, workspace: computed });
  out(
    '\nWhole commands as a user waits for them: answers with nothing to do (every stage cached, 3 runs), and a tiny sweep whose every stage runs (2 runs)\n\n| command | median | runs |\n|---|---|---|\n',
  );
  out(
    noop.rows.map((r) => `| ${r.what} | ${r.median.toFixed(2)} s | ${r.seconds.map((x) => x.toFixed(2)).join(', ')} |`).join('\n') + '\n',
  );
  return 0;
}

/** benchTraining's result, or the error that kept it from running (a backend that did not load). */
async function benchOrError(options: {
  kind: 'gan' | 'vae';
  batch: number;
  steps: number;
  warmup: number;
  backend: string;
  experiment?: string;
}): Promise<TrainBench | Error> {
  const { benchTraining } = require('@genlab/train/bench/train-bench') as { benchTraining: (o: object) => Promise<TrainBench> };
  try {
    return await benchTraining(options);
  } catch (err) {
    return err as Error;
  }
}

/**
 * One row of the training table: `label`'s images/s, GFLOP/s and a 60,000-image epoch on
 * `backend`, beside PyTorch's images/s (`torch`) when there is one; or why it could not run.
 */
export function formatTrainingRow(label: string, backend: string, r: TrainBench | Error, torch: number | undefined, peak?: number): string {
  if (r instanceof Error) return `| ${backend} | ${label} | not available: ${r.message.split('\n')[0]} | | | | | |`;
  const epoch = 60000 / r.imagesPerSec;
  return `| ${backend} | ${label} | ${r.imagesPerSec.toFixed(1)} | ${r.gflops.toFixed(1)} | ${ofPeak(r.gflops, peak)} | ${(epoch / 60).toFixed(1)} min | ${torch ? torch.toFixed(1) : 'n/a'} | ${torch ? (r.imagesPerSec / torch).toFixed(2) + 'x' : 'n/a'} |`;
}

/** One row of the training table for `options` (see formatTrainingRow). */
export async function trainingRow(
  label: string,
  options: { kind: 'gan' | 'vae'; batch: number; steps: number; warmup: number; backend: string; experiment?: string },
  torch: number | undefined,
  peak?: number,
): Promise<string> {
  return formatTrainingRow(label, options.backend, await benchOrError(options), torch, peak);
}

/**
 * The paper GAN on native at 1 thread, in a fresh process as wasm fixes its threads at start,
 * and at every thread GENLAB_THREADS allows (the core count by default), beside PyTorch at the
 * same thread counts: how far each framework gets from a second core. The all-threads row is
 * the training table's native GAN row (`allThreads`, same steps, this process's threads) and,
 * at 2 threads, its PyTorch run (`torchAll`): measured once, not twice.
 */
function threadScaling(
  root: string,
  steps: number,
  torchStepCount: number,
  peak: number | undefined,
  threadsHere: number | undefined,
  allThreads: TrainBench | undefined,
  torchAll: number | undefined,
): string {
  const all = threadsHere ?? Number(process.env.GENLAB_THREADS?.trim() || os.cpus().length);
  const script = join(root, 'packages', 'train', 'bench', 'train-bench-process.ts');
  const row = (threads: number, r: TrainBench, torch: number | undefined) =>
    `| ${threads} | ${r.imagesPerSec.toFixed(1)} | ${r.gflops.toFixed(1)} | ${ofPeak(r.gflops, peak)} | ${torch ? torch.toFixed(1) : 'n/a'} | ${torch ? (r.imagesPerSec / torch).toFixed(2) + 'x' : 'n/a'} |`;
  const lines = [...new Set([1, all])].map((threads) => {
    const torch = threads === all && all === 2 && torchAll !== undefined ? torchAll : torchReference(root, torchStepCount, 'gan', threads);
    if (threads === all && allThreads) return row(threads, allThreads, torch);
    const options = { kind: 'gan', batch: 64, steps, warmup: 3, backend: 'native' };
    const res = spawnSync(process.execPath, ['--require', 'tsx/cjs', script, JSON.stringify(options)], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, GENLAB_THREADS: String(threads) },
    });
    const line = (res.stdout ?? '').split('\n').find((l) => l.startsWith('RESULT '));
    if (!line) return `| ${threads} | not available: ${(res.stderr ?? '').trim().split('\n').at(-1) ?? `exit ${res.status}`} | | | | |`;
    return row(threads, JSON.parse(line.slice('RESULT '.length)) as TrainBench, torch);
  });
  return (
    "\nThreads: paper GAN on native, batch 64; 1 thread in its own process, all threads the training table's row (% of peak is of the all-threads peak above)\n\n" +
    '| threads | images/s | GFLOP/s | % of peak | torch images/s | ratio |\n|---|---|---|---|---|---|\n' +
    lines.join('\n') +
    '\n'
  );
}

/** `gflops` as a percentage of the measured peak. */
function ofPeak(gflops: number, peak: number | undefined): string {
  return peak ? `${((100 * gflops) / peak).toFixed(0)}%` : 'n/a';
}

/** The measured fp32 peak (native when built, else wasm) that the other rows are a share of, and the kernel that set it. */
async function peakRow(quick: boolean): Promise<{ text: string; gflops: number | undefined; threads: number | undefined }> {
  const { benchPeak } = require('@genlab/backend/bench/measured-peak') as typeof import('@genlab/backend/bench/measured-peak');
  const { loadAddon } = require('@genlab/backend-native') as typeof import('@genlab/backend-native');
  try {
    const p = await benchPeak(loadAddon().ok ? 'native' : 'wasm', quick ? 3 : 5);
    const others = p.candidates.map((c) => `${c.name} ${c.gflops.toFixed(1)}`).join('; ');
    return {
      gflops: p.gflops,
      threads: p.threads,
      text:
        `\nMeasured fp32 peak: ${p.gflops.toFixed(1)} GFLOP/s, set by the ${p.best} (${p.kernels} kernels, ${p.threads} threads; ` +
        `the best of: ${others}; median of ${quick ? 3 : 5} calls each); "% of peak" below is a share of it\n`,
    };
  } catch (err) {
    return {
      gflops: undefined,
      threads: undefined,
      text: `\nMeasured fp32 peak: not measured (${(err as Error).message.split('\n')[0]})\n`,
    };
  }
}

/** Memory bandwidth for the conv rows' roofline (native Square when built, else wasm's). */
async function bandwidthRow(quick: boolean): Promise<{ text: string; gbs: number | undefined }> {
  const { benchBandwidth, BANDWIDTH_BYTES } =
    require('@genlab/backend/bench/memory-bandwidth') as typeof import('@genlab/backend/bench/memory-bandwidth');
  const { loadAddon } = require('@genlab/backend-native') as typeof import('@genlab/backend-native');
  try {
    const b = await benchBandwidth(loadAddon().ok ? 'native' : 'wasm', quick ? 3 : 7);
    const mib = BANDWIDTH_BYTES / 2 ** 20;
    return {
      gbs: b.gbs,
      text: `Memory bandwidth: ${b.gbs.toFixed(1)} GB/s (${b.kernels} Square kernel, ${mib} MiB read + ${mib} MiB written, ${b.threads} threads, median of ${quick ? 3 : 7} calls)\n`,
    };
  } catch (err) {
    return { gbs: undefined, text: `Memory bandwidth: not measured (${(err as Error).message.split('\n')[0]})\n` };
  }
}

async function convTable(quick: boolean, peak: number | undefined, bandwidth: number | undefined): Promise<string> {
  const { benchConvKernels } = require('@genlab/backend/bench/conv-gflops') as typeof import('@genlab/backend/bench/conv-gflops');
  const { convRooflineTable } =
    require('@genlab/backend/bench/conv-roofline-table') as typeof import('@genlab/backend/bench/conv-roofline-table');
  const { loadAddon } = require('@genlab/backend-native') as typeof import('@genlab/backend-native');
  const sets: ('native' | 'wasm')[] = loadAddon().ok ? ['native', 'wasm'] : ['wasm'];
  let rows;
  try {
    rows = await benchConvKernels(sets, quick ? 3 : 7);
  } catch (err) {
    return `\nConv kernels: not measured (${(err as Error).message.split('\n')[0]})\n`;
  }
  const title = `\nConv kernels, GFLOP/s (median of ${quick ? 3 : 7} calls; D at batch 128, G and VAE at 64)\n\n`;
  if (peak && bandwidth) return title + convRooflineTable(rows, peak, bandwidth);
  const cell = (g: number) => `${g.toFixed(1)} (${ofPeak(g, peak)})`;
  const lines = rows.map(
    (r) => `| ${r.kernels} | ${r.shape} | ${cell(r.forward)} | ${cell(r.backpropInput)} | ${cell(r.backpropFilter)} |`,
  );
  return (
    title +
    '| kernels | shape | forward (% of peak) | input gradient (dX) | filter gradient (dW) |\n|---|---|---|---|---|\n' +
    lines.join('\n') +
    '\n(no roofline: the peak or the bandwidth was not measured)\n'
  );
}
let torchPythonFound: string | null | undefined;

/** The python3 that imports torch, looked for once (importing torch takes seconds), or null. */
function torchPython(): string | null {
  // Debian's python3-torch lives in /usr/bin/python3, which a pyenv python3 on PATH may hide.
  if (torchPythonFound === undefined)
    torchPythonFound =
      ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0) ?? null;
  return torchPythonFound;
}

/** images/s of the PyTorch reference (2 threads unless told) for one model kind, when torch is importable. */
function torchReference(root: string, steps: number, kind: 'gan' | 'gan-bn' | 'vae', threads = 2): number | undefined {
  const python = torchPython();
  if (!python) return undefined;
  const res = spawnSync(python, [join(root, 'bench', 'torch_reference.py'), kind, '64', '3', String(steps), String(threads)], {
    encoding: 'utf8',
    env: { ...process.env, OPENBLAS_NUM_THREADS: '1' },
  });
  const line = (res.stdout ?? '').split('\n').find((l) => l.startsWith('RESULT '));
  return line ? (JSON.parse(line.slice('RESULT '.length)) as { img_per_s: number }).img_per_s : undefined;
}
