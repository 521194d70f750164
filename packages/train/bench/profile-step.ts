// Where a training step's time goes, per kernel, for the paper's networks or any experiment:
//   npx tsx packages/train/bench/profile-step.ts [gan|vae|path/to/experiment.yaml] [threads] [wasm|native] [steps] [wall|cpu]
// The real trainer's step (the one `genlab run` and `genlab bench` time) on a fixed batch of 64.
// After two warm-up steps (JIT, XNNPACK and oneDNN caches, Adam's moments), `steps` steps
// (default 5) are profiled one by one and each kernel's figure is the median over them, so one
// disturbed step on a busy machine does not decide the table.
// tf.profile times each kernel synchronously on wasm, so the sum is close to the step's wall time.
// `cpu` times each kernel by the process's CPU time instead (user + system, all threads): on a
// machine whose cores other work keeps busy, wall time mostly measures waiting for a core, CPU
// time still measures the work. At 1 thread the two agree on an idle machine.
import { initBackend, registerKernelsFor, tf } from '@genlab/backend';
import { makeBenchStep } from './train-bench';

export interface KernelShare {
  kernel: string;
  ms: number;
  calls: number;
  share: number;
}
export interface ProfileOptions {
  /** 'gan' or 'vae' for preset paper-<kind>, or the path of an experiment.yaml. */
  model: string;
  threads?: number;
  backend: 'wasm' | 'native';
  steps: number;
  clock: 'wall' | 'cpu';
}

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

export async function profileTrainStep(o: ProfileOptions): Promise<{ totalMs: number; kernels: KernelShare[] }> {
  await initBackend(o.backend, { threads: o.threads });
  registerKernelsFor(o.backend); // GENLAB_BACKEND may have chosen the other kernel set
  if (o.clock === 'cpu') timeByCpu();
  const isPreset = o.model === 'gan' || o.model === 'vae';
  const { step, dispose } = makeBenchStep(isPreset ? (o.model as 'gan' | 'vae') : 'gan', 64, isPreset ? undefined : o.model);
  try {
    for (let i = 0; i < 2; i++) step(); // warm-up
    const perStep: Map<string, { ms: number; calls: number }>[] = [];
    const totals: number[] = [];
    for (let s = 0; s < o.steps; s++) {
      const info = await tf.profile(() => {
        step();
      });
      const byName = new Map<string, { ms: number; calls: number }>();
      for (const k of info.kernels.filter((kernel) => !kernel.name.endsWith('__op'))) {
        // "__op" entries are op scopes wrapping kernels
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
  const o: ProfileOptions = {
    model: process.argv[2] ?? 'gan',
    threads: process.argv[3] ? Number(process.argv[3]) : undefined,
    backend: (process.argv[4] ?? 'native') as 'wasm' | 'native',
    steps: process.argv[5] ? Number(process.argv[5]) : 5,
    clock: (process.argv[6] ?? 'wall') as 'wall' | 'cpu',
  };
  const { totalMs, kernels } = await profileTrainStep(o);
  console.log(
    `${o.model} step on ${o.backend}: kernel time ${totalMs.toFixed(1)} ms ${o.clock} (median of ${o.steps} steps; per kernel, the median over those steps)`,
  );
  for (const k of kernels.slice(0, 24)) {
    console.log(
      `${k.kernel.padEnd(24)} ${k.ms.toFixed(1).padStart(8)} ms ${String(k.calls).padStart(5)} calls ${(100 * k.share).toFixed(1).padStart(5)}%`,
    );
  }
}

if (require.main === module)
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
