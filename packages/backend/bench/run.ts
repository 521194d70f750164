// Training-speed table for every backend that loads, beside PyTorch when it is installed:
//   npx tsx packages/backend/bench/run.ts [--batch 64] [--steps 8] [--warmup 2] [--kinds gan,vae] [--cpu]
// Each backend runs in its own process, as tfjs initialises one backend per process.
import { spawnSync } from 'child_process';
import * as path from 'path';
import { BackendChoice } from '../src';
import { BenchOptions, benchTrainSteps } from './train-step-bench';

interface Row { label: string; kind: string; batch: number; threads?: number; imagesPerSec?: number; medianStepSec?: number; gflops?: number; note: string }

// A copy of shared/reference/torch_reference.py lives in the repository (bench/).
const TORCH_SCRIPT = path.join(__dirname, '..', '..', '..', 'bench', 'torch_reference.py');

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

async function child(opts: BenchOptions): Promise<void> {
  try {
    const r = await benchTrainSteps(opts);
    console.log(JSON.stringify({ ...r, note: r.backend.reason }));
  } catch (err) {
    console.log(JSON.stringify({ error: (err as Error).message }));
  }
}

function runChild(label: string, opts: BenchOptions): Row {
  const env = { ...process.env };
  delete env.GENLAB_BACKEND; // the row says which backend it measures
  const out = spawnSync(process.execPath, [...process.execArgv, __filename, '--child', JSON.stringify(opts)], { env, encoding: 'utf8', timeout: 3_600_000 });
  const last = out.stdout.trim().split('\n').pop() ?? '';
  let r: { error?: string; imagesPerSec?: number; medianStepSec?: number; gflops?: number; note?: string; backend?: { threads: number } };
  try { r = JSON.parse(last); } catch { r = { error: `bench process failed: ${(out.stderr || last).trim().split('\n').slice(-1)[0]}` }; }
  return { label, kind: opts.kind, batch: opts.batch, threads: r.backend?.threads, ...r, note: r.error ? `skipped: ${r.error}` : (r.note ?? '') };
}

function python(): string | undefined {
  for (const py of ['/usr/bin/python3', 'python3']) {
    if (spawnSync(py, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0) return py;
  }
  return undefined;
}

function runTorch(py: string, kind: string, batch: number, warmup: number, steps: number, threads: number): Row {
  const env = { ...process.env, OPENBLAS_NUM_THREADS: '1' }; // OpenBLAS threads fight torch's own
  const out = spawnSync(py, [TORCH_SCRIPT, kind, String(batch), String(warmup), String(steps), String(threads)], { env, encoding: 'utf8' });
  const line = out.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  const label = `pytorch, ${threads} thread${threads > 1 ? 's' : ''}`;
  if (!line) return { label, kind, batch, threads, note: `failed: ${out.stderr.trim().split('\n').pop()}` };
  const r = JSON.parse(line.slice(7)) as { engine: string; median_s: number; img_per_s: number };
  return { label, kind, batch, threads, imagesPerSec: r.img_per_s, medianStepSec: r.median_s, note: `${r.engine}, OPENBLAS_NUM_THREADS=1` };
}

/** Ratios are against PyTorch with the same number of threads, so CPU contention from other processes hits both sides alike. */
function printTable(rows: Row[]): void {
  const isTorch = (r: Row) => r.label.startsWith('pytorch');
  const torch = new Map(rows.filter((r) => isTorch(r) && r.imagesPerSec).map((r) => [`${r.kind}/${r.threads}`, r.imagesPerSec!]));
  console.log(['engine'.padEnd(22), 'model', 'batch', '  img/s', ' step s', 'GFLOP/s', 'x torch', '  notes (x torch: vs PyTorch with the same thread count)'].join(' '));
  for (const r of rows) {
    const peer = torch.get(`${r.kind}/${r.threads}`);
    const ratio = r.imagesPerSec && peer && !isTorch(r) ? (r.imagesPerSec / peer).toFixed(2) : '';
    console.log([r.label.padEnd(22), r.kind.padEnd(5), String(r.batch).padStart(5), (r.imagesPerSec?.toFixed(1) ?? '-').padStart(7),
      (r.medianStepSec?.toFixed(3) ?? '-').padStart(7), (r.gflops?.toFixed(1) ?? '-').padStart(7), ratio.padStart(7), ` ${r.note}`].join(' '));
  }
}

async function main(): Promise<void> {
  if (process.argv[2] === '--child') return child(JSON.parse(process.argv[3]!) as BenchOptions);
  const batch = Number(arg('batch', '64'));
  const steps = Number(arg('steps', '8'));
  const warmup = Number(arg('warmup', '2'));
  const kinds = arg('kinds', 'gan,vae').split(',') as ('gan' | 'vae')[];
  const configs: { label: string; backend: BackendChoice; threads?: number }[] = [
    { label: 'tfjs tensorflow', backend: 'tensorflow' },
    { label: 'native (oneDNN)', backend: 'native' },
    { label: 'tfjs wasm (default)', backend: 'wasm' },
    { label: 'tfjs wasm, 1 thread', backend: 'wasm', threads: 1 },
    ...(process.argv.includes('--cpu') ? [{ label: 'tfjs cpu', backend: 'cpu' as const }] : []),
  ];
  const rows: Row[] = [];
  const py = python();
  for (const kind of kinds) {
    for (const c of configs) {
      const cpuSteps = c.backend === 'cpu' ? { batch: 8, warmup: 0, steps: 1 } : { batch, warmup, steps };
      rows.push(runChild(c.label, { kind, backend: c.backend, threads: c.threads, ...cpuSteps }));
    }
    if (!py) rows.push({ label: 'pytorch', kind, batch, note: 'skipped: python3 -c "import torch" failed' });
    else for (const threads of [2, 1]) rows.push(runTorch(py, kind, batch, 3, kind === 'gan' ? 10 : 20, threads));
  }
  printTable(rows);
  console.log(`(${path.relative(process.cwd(), __filename)}; medians of ${steps} steps after ${warmup} warm-up; compare ratios within one run)`);
}

main().catch((err) => { console.error(err); process.exit(1); });
