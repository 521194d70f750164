// Where a training step's time goes, per kernel: `npx tsx packages/backend/bench/profile-step.ts [gan|vae] [threads] [wasm|native]`.
// tf.profile times each kernel synchronously on wasm, so the sum is close to the step's wall time.
import { initBackend, tf } from '../src';
import { benchTrainSteps } from './train-step-bench';

export interface KernelShare { kernel: string; ms: number; calls: number; share: number }

export async function profileTrainStep(kind: 'gan' | 'vae', threads?: number, backend: 'wasm' | 'native' = 'wasm'): Promise<{ totalMs: number; kernels: KernelShare[] }> {
  await initBackend(backend, { threads });
  await benchTrainSteps({ kind, batch: 64, warmup: 2, steps: 1, backend, threads }); // warm up JIT, XNNPACK and oneDNN caches
  const byName = new Map<string, { ms: number; calls: number }>();
  const info = await tf.profile(() => benchTrainSteps({ kind, batch: 64, warmup: 0, steps: 1, backend, threads }).then(() => undefined) as never);
  for (const k of info.kernels.filter((k) => !k.name.endsWith("__op"))) { // "__op" entries are op scopes wrapping kernels
    const e = byName.get(k.name) ?? { ms: 0, calls: 0 };
    e.ms += Number(k.kernelTimeMs) || 0;
    e.calls += 1;
    byName.set(k.name, e);
  }
  const totalMs = [...byName.values()].reduce((a, e) => a + e.ms, 0);
  const kernels = [...byName.entries()]
    .map(([kernel, e]) => ({ kernel, ms: e.ms, calls: e.calls, share: e.ms / totalMs }))
    .sort((a, b) => b.ms - a.ms);
  return { totalMs, kernels };
}

async function main(): Promise<void> {
  const kind = (process.argv[2] ?? 'gan') as 'gan' | 'vae';
  const threads = process.argv[3] ? Number(process.argv[3]) : undefined;
  const { totalMs, kernels } = await profileTrainStep(kind, threads, (process.argv[4] ?? 'wasm') as 'wasm' | 'native');
  console.log(`${kind} step (model build included): kernel time ${totalMs.toFixed(0)} ms`);
  for (const k of kernels.slice(0, 20)) {
    console.log(`${k.kernel.padEnd(24)} ${k.ms.toFixed(1).padStart(8)} ms ${String(k.calls).padStart(5)} calls ${(100 * k.share).toFixed(1).padStart(5)}%`);
  }
}

if (require.main === module) main().catch((err) => { console.error(err); process.exit(1); });
