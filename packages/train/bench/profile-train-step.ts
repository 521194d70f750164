// Where a real trainer step's time goes, per kernel, for any experiment (the paper-gan-bn
// generator's batch norm, say), as packages/backend/bench/profile-step.ts does for the fixed
// paper shapes:
//   npx tsx packages/train/bench/profile-train-step.ts <experiment.yaml> [threads] [wasm|native] [steps] [wall|cpu] [batch]
// Warm-up steps first; then each of `steps` steps is profiled and every kernel's figure is the
// median over them. `cpu` times kernels by the process's CPU time (all threads), which still
// measures the work when other processes keep the cores busy.
import { initBackend, tf } from '@genlab/backend';
import { createRng } from '@genlab/data';
import { buildNetworks, disposeNetworks } from '@genlab/models';
import { loadSpecFile, type LoadedExperiment } from '@genlab/spec';
import { createKindTrainer } from '../src/kind-trainer';

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

async function main(): Promise<void> {
  const [file, threadsArg, backendArg, stepsArg, clockArg, batchArg] = process.argv.slice(2);
  if (!file) throw new Error('usage: profile-train-step.ts <experiment.yaml> [threads] [wasm|native] [steps] [wall|cpu] [batch]');
  const steps = Number(stepsArg ?? 5);
  const clock = clockArg ?? 'wall';
  const batch = Number(batchArg ?? 64);
  await initBackend((backendArg ?? 'native') as 'native' | 'wasm', { threads: threadsArg ? Number(threadsArg) : undefined });
  if (clock === 'cpu') timeByCpu();
  const spec = (loadSpecFile(file) as LoadedExperiment).spec;
  const nets = buildNetworks(spec.model, spec.seed);
  const trainer = createKindTrainer(spec, nets);
  const [lo, hi] = spec.data.scale === 'signed' ? [-1, 1] : [0, 1];
  const images = tf.randomUniform([batch, 28, 28, 1], lo, hi, 'float32', spec.seed) as tf.Tensor4D; // [batch, 28, 28, 1]
  const rng = createRng(spec.seed);
  try {
    for (let i = 0; i < 3; i++) trainer.step(images, rng); // warm-up: primitive caches, Adam's moments
    const perStep: Map<string, { ms: number; calls: number }>[] = [];
    for (let s = 0; s < steps; s++) {
      const info = await tf.profile(() => { trainer.step(images, rng); });
      const byName = new Map<string, { ms: number; calls: number }>();
      for (const k of info.kernels.filter((k) => !k.name.endsWith('__op'))) {
        const e = byName.get(k.name) ?? { ms: 0, calls: 0 };
        e.ms += Number(k.kernelTimeMs) || 0;
        e.calls += 1;
        byName.set(k.name, e);
      }
      perStep.push(byName);
    }
    const totals = perStep.map((m) => [...m.values()].reduce((a, e) => a + e.ms, 0));
    const names = [...new Set(perStep.flatMap((m) => [...m.keys()]))];
    const rows = names.map((kernel) => ({
      kernel,
      ms: median(perStep.map((m) => m.get(kernel)?.ms ?? 0)),
      calls: median(perStep.map((m) => m.get(kernel)?.calls ?? 0)),
    })).sort((a, b) => b.ms - a.ms);
    const total = median(totals);
    console.log(`${spec.name} step (batch ${batch}): kernel time ${total.toFixed(1)} ms ${clock} (median of ${steps} steps; per kernel, the median over those steps)`);
    for (const r of rows.slice(0, 30)) {
      console.log(`${r.kernel.padEnd(28)} ${r.ms.toFixed(2).padStart(8)} ms ${String(r.calls).padStart(5)} calls ${(100 * r.ms / total).toFixed(1).padStart(5)}%`);
    }
  } finally {
    images.dispose();
    trainer.dispose();
    disposeNetworks(nets);
  }
}

main().catch((err) => { console.error(err); process.exit(1); });
