// The memory bandwidth the kernels see, for the conv rows' roofline in `npm run bench`: the
// native Square kernel (one OpenMP-parallel pass, the configured threads, as the conv kernels
// run) over a 64 MiB tensor in the wasm heap into another. AMD's L3 is per chiplet (32 MiB on
// Zen 4 and 5; getconf reports the whole socket's), so both stream from memory. Counted as the
// conv rows' bytes are: input read once plus output written once. Alone:
//   npx tsx packages/backend/bench/memory-bandwidth.ts
import { initBackend, registerKernelsFor, tf } from '../src';
import { medianSeconds } from './conv-gflops';

export const BANDWIDTH_BYTES = 64 * 1024 * 1024;

/** GB/s (1e9 bytes) of x -> x * x over BANDWIDTH_BYTES each way, median of `reps` calls after one warm-up. */
export async function benchBandwidth(kernelSet: 'native' | 'wasm', reps = 7): Promise<{ kernels: string; threads: number; gbs: number }> {
  const info = await initBackend(kernelSet);
  registerKernelsFor(kernelSet);
  try {
    const x = tf.randomUniform([BANDWIDTH_BYTES / 4], -1, 1); // [16 Mi floats]
    const sec = medianSeconds(reps, () => tf.engine().runKernel('Square', { x }, {}) as tf.Tensor);
    x.dispose();
    return { kernels: kernelSet, threads: info.threads, gbs: (2 * BANDWIDTH_BYTES) / sec / 1e9 };
  } finally {
    registerKernelsFor(info.name);
  }
}

if (require.main === module) {
  benchBandwidth('native', Number(process.argv[2] ?? 7))
    .then((b) => console.log(`${b.gbs.toFixed(1)} GB/s (${b.kernels} Square, ${b.threads} threads)`))
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}
