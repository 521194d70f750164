// GFLOP/s of each conv kernel direction on the paper's shapes, per kernel set (native, wasm), so
// a regression in one direction shows. Used by `genlab bench`; alone (kernel sets: native, wasm or
// both; shapes by the name's first word, all when none given):
//   npx tsx packages/backend/bench/conv-gflops.ts [reps] [native|wasm|both] [D1 G2 VAE1 ...]
import { initBackend, registerKernelsFor, tf } from '../src';
import { convWork, type ConvShape } from './conv-work';

/**
 * The paper GAN's convs (discriminator at batch 128 = real + fake; the generator's transposed
 * convs at batch 64, written as the conv they are the adjoint of) and the VAE encoder's at 64.
 */
export const PAPER_CONV_SHAPES: ConvShape[] = [
  { name: 'D1 28x28x1 -> 14x14x64', x: [128, 28, 28, 1], k: 5, outC: 64 },
  { name: 'D2 14x14x64 -> 7x7x128', x: [128, 14, 14, 64], k: 5, outC: 128 },
  { name: 'D3 7x7x128 -> 4x4x256', x: [128, 7, 7, 128], k: 5, outC: 256 },
  { name: 'D4 4x4x256 -> 2x2x512', x: [128, 4, 4, 256], k: 5, outC: 512 },
  { name: 'G1 14x14x64 <- 7x7x128', x: [64, 14, 14, 64], k: 5, outC: 128 },
  { name: 'G2 28x28x1 <- 14x14x64', x: [64, 28, 28, 1], k: 5, outC: 64 },
  { name: 'VAE1 28x28x1 -> 14x14x32', x: [64, 28, 28, 1], k: 3, outC: 32 },
  { name: 'VAE2 14x14x32 -> 7x7x64', x: [64, 14, 14, 32], k: 3, outC: 64 },
];

export interface ConvGflopsRow {
  kernels: string;
  shape: string;
  /** The shape's FLOPs per direction (taps inside the image) and fewest bytes moved: see convWork. */
  flops: number;
  nominalFlops: number;
  bytes: number;
  forward: number;
  backpropInput: number;
  backpropFilter: number;
}

/**
 * Median seconds of `reps` calls after one warm-up call (which JIT-compiles on native). Kernels
 * run synchronously on wasm and native, so the call's time is the kernel's. Reading the output
 * back is left out of it: for D1's forward pass, dataSync copying the 6.4 MB output to JS took
 * 3x as long as the convolution itself (CPU time at 1 thread, 3.7 ms against 1.24).
 */
function time(reps: number, f: () => tf.Tensor): number {
  f().dispose();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    const out = f();
    times.push((performance.now() - t0) / 1000);
    if (out.size === 0) throw new Error('conv kernel returned an empty tensor');
    out.dispose();
  }
  return times.sort((a, b) => a - b)[Math.floor(reps / 2)]!;
}

/** The rule every row of this bench is timed by, for the peak and bandwidth rows. */
export const medianSeconds = time;

export async function benchConvKernels(
  kernelSets: ('native' | 'wasm')[],
  reps = 5,
  shapes: ConvShape[] = PAPER_CONV_SHAPES,
): Promise<ConvGflopsRow[]> {
  const info = await initBackend(kernelSets[0]!);
  const rows: ConvGflopsRow[] = [];
  try {
    for (const set of kernelSets) {
      registerKernelsFor(set);
      for (const s of shapes) rows.push({ kernels: set, shape: s.name, ...directions(s, reps) });
    }
  } finally {
    registerKernelsFor(info.name);
  }
  return rows;
}

function directions(s: ConvShape, reps: number): Omit<ConvGflopsRow, 'kernels' | 'shape'> {
  const conv = { strides: 2, pad: 'same' as const, dataFormat: 'NHWC' as const, dimRoundingMode: undefined };
  const x = tf.randomUniform(s.x, -1, 1) as tf.Tensor4D; // [batch, h, w, inC]
  const w = tf.randomUniform([s.k, s.k, s.x[3], s.outC], -1, 1) as tf.Tensor4D; // [k, k, inC, outC]
  const y = tf.conv2d(x, w, 2, 'same'); // [batch, outH, outW, outC]
  const dy = tf.randomUniform(y.shape, -1, 1) as tf.Tensor4D;
  const { flops, nominalFlops, bytes } = convWork(s); // taps inside the image: D4's 5x5 on 4x4 is half padding
  const gflops = (sec: number) => flops / sec / 1e9;
  const run = (kernel: string, inputs: tf.NamedTensorMap, attrs: object) => () =>
    tf.engine().runKernel(kernel, inputs, attrs as never) as tf.Tensor;
  const row = {
    flops,
    nominalFlops,
    bytes,
    forward: gflops(time(reps, run('Conv2D', { x, filter: w }, { ...conv, dilations: 1 }))),
    backpropInput: gflops(time(reps, run('Conv2DBackpropInput', { dy, filter: w }, { ...conv, inputShape: s.x }))),
    backpropFilter: gflops(time(reps, run('Conv2DBackpropFilter', { x, dy }, { ...conv, filterShape: w.shape }))),
  };
  tf.dispose([x, w, y, dy]);
  return row;
}

if (require.main === module) {
  const [reps = '5', sets = 'both', ...names] = process.argv.slice(2);
  const kernelSets = sets === 'both' ? (['native', 'wasm'] as const) : ([sets] as const);
  if (!kernelSets.every((k) => k === 'native' || k === 'wasm')) {
    console.error(`conv-gflops: kernel set must be native, wasm or both, got '${sets}'`);
    process.exit(2);
  }
  const shapes = names.length ? PAPER_CONV_SHAPES.filter((s) => names.includes(s.name.split(' ')[0]!)) : PAPER_CONV_SHAPES;
  if (shapes.length !== (names.length || PAPER_CONV_SHAPES.length)) {
    console.error(
      `conv-gflops: unknown shape in '${names.join(' ')}'; known: ${PAPER_CONV_SHAPES.map((s) => s.name.split(' ')[0]).join(' ')}`,
    );
    process.exit(2);
  }
  benchConvKernels([...kernelSets] as ('native' | 'wasm')[], Number(reps), shapes)
    .then((rows) => {
      console.log('kernels shape                        fwd GFLOP/s   dX GFLOP/s   dW GFLOP/s');
      for (const r of rows)
        console.log(
          `${r.kernels.padEnd(7)} ${r.shape.padEnd(28)} ${r.forward.toFixed(1).padStart(11)} ${r.backpropInput.toFixed(1).padStart(12)} ${r.backpropFilter.toFixed(1).padStart(12)}`,
        );
    })
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}
