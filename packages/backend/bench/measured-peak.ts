// The machine's fp32 peak as these kernels reach it, which `npm run bench` reads every training
// and conv row against: the best of a few large kernels on the configured threads, since no single
// kernel is the fastest everywhere (oneDNN 2.6's sgemm on 2048^3 reached about half what its
// convolutions do on the idle 2-core machine). Alone: npx tsx packages/backend/bench/measured-peak.ts
import { initBackend, registerKernelsFor, tf } from '../src';
import { medianSeconds } from './conv-gflops';

export interface PeakCandidate {
  name: string;
  gflops: number;
}

export interface MeasuredPeak {
  kernels: string;
  threads: number;
  /** The best candidate's GFLOP/s. */
  gflops: number;
  /** The candidate that set it. */
  best: string;
  candidates: PeakCandidate[];
}

/** The candidate with the most GFLOP/s (the first of equals). */
export function bestCandidate(candidates: PeakCandidate[]): PeakCandidate {
  if (candidates.length === 0) throw new RangeError('bestCandidate: no candidates');
  return candidates.reduce((best, c) => (c.gflops > best.gflops ? c : best));
}

const SGEMM_SIZES = [1024, 2048];

/**
 * Convolutions without padding (every tap is work), with enough channels that oneDNN's
 * blocked kernels run at full width: a 3x3 stride-1 and the paper's D4 filter (5x5, stride 2,
 * 256 -> 512) on a 7x7 input. x [batch, h, w, inC], k x k, outC.
 */
const CONVS: { x: [number, number, number, number]; k: number; outC: number; stride: number }[] = [
  { x: [32, 16, 16, 256], k: 3, outC: 256, stride: 1 },
  { x: [128, 7, 7, 256], k: 5, outC: 512, stride: 2 },
];

/**
 * GFLOP/s of each candidate, median of `reps` calls after one warm-up: matrix products of
 * SGEMM_SIZES (oneDNN's sgemm on native, XNNPACK on wasm) and the CONVS. About 1 s at 2 threads.
 */
export async function benchPeak(kernelSet: 'native' | 'wasm', reps = 5): Promise<MeasuredPeak> {
  const info = await initBackend(kernelSet);
  registerKernelsFor(kernelSet);
  const candidates: PeakCandidate[] = [];
  try {
    for (const n of SGEMM_SIZES) {
      const a = tf.randomUniform([1, n, n], -1, 1) as tf.Tensor3D; // [1, n, n]
      const b = tf.randomUniform([1, n, n], -1, 1) as tf.Tensor3D; // [1, n, n]
      const sec = medianSeconds(
        reps,
        () => tf.engine().runKernel('BatchMatMul', { a, b }, { transposeA: false, transposeB: false } as never) as tf.Tensor,
      );
      tf.dispose([a, b]);
      candidates.push({ name: `${n} x ${n} x ${n} matrix product`, gflops: (2 * n ** 3) / sec / 1e9 });
    }
    for (const c of CONVS) {
      const [batch, h, w, inC] = c.x;
      const x = tf.randomUniform(c.x, -1, 1) as tf.Tensor4D; // [batch, h, w, inC]
      const filter = tf.randomUniform([c.k, c.k, inC, c.outC], -1, 1) as tf.Tensor4D; // [k, k, inC, outC]
      const [outH, outW] = [Math.floor((h - c.k) / c.stride) + 1, Math.floor((w - c.k) / c.stride) + 1];
      const attrs = { strides: c.stride, pad: 'valid', dataFormat: 'NHWC', dilations: 1 };
      const sec = medianSeconds(reps, () => tf.engine().runKernel('Conv2D', { x, filter }, attrs as never) as tf.Tensor);
      tf.dispose([x, filter]);
      const flops = 2 * batch * outH * outW * c.outC * c.k * c.k * inC;
      candidates.push({
        name: `${c.k}x${c.k} stride-${c.stride} conv ${h}x${w}x${inC} -> ${outH}x${outW}x${c.outC}, batch ${batch}`,
        gflops: flops / sec / 1e9,
      });
    }
  } finally {
    registerKernelsFor(info.name);
  }
  const best = bestCandidate(candidates);
  return { kernels: kernelSet, threads: info.threads, gflops: best.gflops, best: best.name, candidates };
}

if (require.main === module) {
  benchPeak('native', Number(process.argv[2] ?? 5))
    .then((p) => {
      for (const c of p.candidates) console.log(`${c.gflops.toFixed(1).padStart(7)} GFLOP/s  ${c.name}`);
      console.log(`peak ${p.gflops.toFixed(1)} GFLOP/s (${p.best}), ${p.kernels} kernels, ${p.threads} threads`);
    })
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}
