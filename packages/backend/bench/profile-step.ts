// Where a training step's time goes, per kernel:
//   npx tsx packages/backend/bench/profile-step.ts [gan|vae] [threads] [wasm|native] [steps] [wall|cpu]
// The models are built and warmed up (JIT, XNNPACK and oneDNN caches, Adam's moments) first;
// then `steps` steps (default 5) are profiled one by one and each kernel's figure is the median
// over them, so one disturbed step on a busy machine does not decide the table.
// tf.profile times each kernel synchronously on wasm, so the sum is close to the step's wall time.
// `cpu` times each kernel by the process's CPU time instead (user + system, all threads): on a
// machine whose cores other work keeps busy, wall time mostly measures waiting for a core, CPU
// time still measures the work. At 1 thread the two agree on an idle machine.
import { initBackend, tf } from '../src';
import { makeTrainStep } from './train-step-bench';

export interface KernelShare { kernel: string; ms: number; calls: number; share: number }

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Makes tf.profile time kernels by process CPU time (the backend's `time` is what it calls). */
function timeByCpu(): void {
  const backend = tf.backend() as unknown as { time: (f: () => void) => Promise<{ kernelMs: number }> };
  backend.time = async (f) => {
    const start = process.cpuUsage();
    f();
    const used = process.cpuUsage(start);
    return { kernelMs: (used.user + used.system) / 1000 };
  };
}

export async function profileTrainStep(kind: 'gan' | 'vae', threads?: number, backend: 'wasm' | 'native' = 'wasm', steps = 5, clock: 'wall' | 'cpu' = 'wall'): Promise<{ totalMs: number; kernels: KernelShare[] }> {
  await initBackend(backend, { threads });
  if (clock === 'cpu') timeByCpu();
  const { step, dispose } = makeTrainStep(kind, 64);
  try {
    for (let i = 0; i < 2; i++) step(i); // warm-up
    const perStep: Map<string, { ms: number; calls: number }>[] = [];
    const totals: number[] = [];
    for (let s = 0; s < steps; s++) {
      const info = await tf.profile(() => { step(s); });
      const byName = new Map<string, { ms: number; calls: number }>();
      for (const k of info.kernels.filter((k) => !k.name.endsWith('__op'))) { // "__op" entries are op scopes wrapping kernels
        const e = byName.get(k.name) ?? { ms: 0, calls: 0 };
        e.ms += Number(k.kernelTimeMs) || 0;
        e.calls += 1;
        byName.set(k.name, e);
      }
      perStep.push(byName);
      totals.push([...byName.values()].reduce((a, e) => a + e.ms, 0));
    }
    const names = new Set(perStep.flatMap((m) => [...m.keys()]));
    const kernels = [...names].map((kernel) => {
      const ms = median(perStep.map((m) => m.get(kernel)?.ms ?? 0));
      return { kernel, ms, calls: median(perStep.map((m) => m.get(kernel)?.calls ?? 0)), share: 0 };
    });
    const totalMs = median(totals);
    for (const k of kernels) k.share = k.ms / totalMs;
    return { totalMs, kernels: kernels.sort((a, b) => b.ms - a.ms) };
  } finally {
    dispose();
  }
}

async function main(): Promise<void> {
  const kind = (process.argv[2] ?? 'gan') as 'gan' | 'vae';
  const threads = process.argv[3] ? Number(process.argv[3]) : undefined;
  const steps = process.argv[5] ? Number(process.argv[5]) : 5;
  const clock = (process.argv[6] ?? 'wall') as 'wall' | 'cpu';
  const { totalMs, kernels } = await profileTrainStep(kind, threads, (process.argv[4] ?? 'wasm') as 'wasm' | 'native', steps, clock);
  console.log(`${kind} step: kernel time ${totalMs.toFixed(1)} ms ${clock} (median of ${steps} steps; per kernel, the median over those steps)`);
  for (const k of kernels.slice(0, 24)) {
    console.log(`${k.kernel.padEnd(24)} ${k.ms.toFixed(1).padStart(8)} ms ${String(k.calls).padStart(5)} calls ${(100 * k.share).toFixed(1).padStart(5)}%`);
  }
}

if (require.main === module) main().catch((err) => { console.error(err); process.exit(1); });
