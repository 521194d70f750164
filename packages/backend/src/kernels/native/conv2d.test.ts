import { beforeAll, describe, expect, it } from 'vitest';
import { loadAddon } from '@genlab/backend-native';
import { initBackend } from '../../init-backend';
import { tf } from '../../tf';
import { compareWasmToCpu, seeded } from '../../../test-support/compare-backends';
import { CONV_CASES, ConvCase, conv2dGrads, conv2dTransposeGrads } from '../../../test-support/conv-cases';

// The native kernels live on tfjs's 'wasm' backend, so compareWasmToCpu compares them to cpu.
const addon = loadAddon();
const size = (s: number[]): number => s.reduce((a, b) => a * b, 1);

describe.skipIf(!addon.ok)(`native conv kernels (oneDNN) match the cpu backend${addon.ok ? '' : ` - SKIPPED: ${addon.reason}`}`, () => {
  beforeAll(async () => {
    const info = await initBackend('native');
    expect(info.name).toBe('native');
    expect(info.kernels).toEqual(expect.arrayContaining(['Conv2D', 'FusedConv2D', 'Conv2DBackpropInput', 'Conv2DBackpropFilter']));
  });

  for (const c of CONV_CASES) {
    it(`conv2d forward, input and filter gradients: ${c.name}`, () => {
      const diffs = compareWasmToCpu(() => {
        const x = tf.tensor4d(seeded(size(c.x), 1), c.x);
        const w = tf.tensor4d(seeded(size(c.w), 2), c.w);
        return [tf.conv2d(x, w, c.strides, c.pad), ...conv2dGrads(c)()];
      });
      console.log(`native conv2d ${c.name}: y/dx/dw max abs diff ${diffs.map((d) => d.maxAbsDiff.toExponential(2)).join(' / ')}`);
      for (const d of diffs) expect(d.relDiff).toBeLessThan(1e-4);
    });

    it(`fused conv2d with bias and leakyrelu / relu: ${c.name}`, () => {
      const diffs = compareWasmToCpu(() => {
        const x = tf.tensor4d(seeded(size(c.x), 7), c.x);
        const w = tf.tensor4d(seeded(size(c.w), 8), c.w);
        const bias = tf.tensor1d(seeded(c.w[3], 9));
        const pad = c.pad as 'same';
        return [
          tf.fused.conv2d({ x, filter: w, strides: c.strides, pad, bias, activation: 'leakyrelu', leakyreluAlpha: 0.2 }),
          tf.fused.conv2d({ x, filter: w, strides: c.strides, pad, bias, activation: 'relu' }),
          tf.fused.conv2d({ x, filter: w, strides: c.strides, pad, activation: 'sigmoid' }),
        ];
      });
      for (const d of diffs) expect(d.relDiff).toBeLessThan(1e-4);
    });

    it(`conv2dTranspose forward and gradients: ${c.name}`, () => {
      const diffs = compareWasmToCpu(conv2dTransposeGrads(c));
      console.log(
        `native conv2dTranspose ${c.name}: y/dIn/dFilter max abs diff ${diffs.map((d) => d.maxAbsDiff.toExponential(2)).join(' / ')}`,
      );
      for (const d of diffs) expect(d.relDiff).toBeLessThan(1e-4);
    });
  }

  it('paper-like shapes: 28x28x1 -> 14x14x64 and 7x7x64 -> 4x4x128, 5x5 stride 2 same, batch 2', () => {
    for (const [x, w] of [
      [
        [2, 28, 28, 1],
        [5, 5, 1, 64],
      ],
      [
        [2, 7, 7, 64],
        [5, 5, 64, 128],
      ],
    ] as [number[], number[]][]) {
      const c = { name: 'paper', x, w, strides: 2, pad: 'same' } as never;
      const diffs = compareWasmToCpu(() => [...conv2dGrads(c)(), ...conv2dTransposeGrads(c)()]);
      for (const d of diffs) expect(d.relDiff).toBeLessThan(1e-4);
    }
  });

  // Conv2DBackpropInput takes a GEMM + col2im for up to 8 input channels (every CONV_CASES case
  // has 1 or 3) and oneDNN above; these cover the edges of that split and of the col2im's chunks.
  const COL2IM_CASES: { name: string; x: number[]; w: number[] }[] = [
    { name: '40x28x28x1 5x5 -> 16 (four chunks of 10 images, above the one-thread cutoff)', x: [40, 28, 28, 1], w: [5, 5, 1, 16] },
    { name: '7x28x28x8 7x7 -> 2 (8 channels, the most through col2im; one image per chunk)', x: [7, 28, 28, 8], w: [7, 7, 8, 2] },
    { name: '2x9x9x9 3x3 -> 3 (9 channels: oneDNN)', x: [2, 9, 9, 9], w: [3, 3, 9, 3] },
  ];
  for (const k of COL2IM_CASES) {
    it(`input gradient and conv2dTranspose forward around the col2im split: ${k.name}`, () => {
      const c = { name: k.name, x: k.x, w: k.w, strides: 2, pad: 'same' } as never;
      const diffs = compareWasmToCpu(() => [conv2dGrads(c)()[0]!, conv2dTransposeGrads(c)()[0]!]);
      for (const d of diffs) expect(d.relDiff).toBeLessThan(1e-4);
    });
  }

  // Convs with a small output (<= 4 pixels; <= 49 for the filter gradient) and >= 32 input
  // channels run as sgemm calls per output pixel and kernel row (csrc/conv2d_tap_gemm.cc).
  const TAP_GEMM_CASES: ConvCase[] = [
    {
      name: "4x4x32 5x5 -> 8, s2 same (the discriminator's last conv, small)",
      x: [3, 4, 4, 32],
      w: [5, 5, 32, 8],
      strides: 2,
      pad: 'same',
    },
    { name: '5x3x33 3x2 -> 5, s[2,3] valid, batch 1', x: [1, 5, 3, 33], w: [3, 2, 33, 5], strides: [2, 3], pad: 'valid' },
    {
      name: '6x6x32 4x4 -> 3, s3 explicit',
      x: [2, 6, 6, 32],
      w: [4, 4, 32, 3],
      strides: 3,
      pad: [
        [0, 0],
        [1, 2],
        [2, 0],
        [0, 0],
      ],
    },
    {
      name: '1x1x32 1x1 -> 4, pad above: one output row sees only padding',
      x: [2, 1, 1, 32],
      w: [1, 1, 32, 4],
      strides: 1,
      pad: [
        [0, 0],
        [1, 0],
        [0, 0],
        [0, 0],
      ],
    },
    { name: '13x11x40 5x3 -> 6, s2 same: 42 pixels, filter gradient only', x: [2, 13, 11, 40], w: [5, 3, 40, 6], strides: 2, pad: 'same' },
    // above the one-thread cutoff: with 2 or more threads, images and 16-channel column slices are split
    { name: '4x4x64 5x5 -> 48, s2 same, batch 15', x: [15, 4, 4, 64], w: [5, 5, 64, 48], strides: 2, pad: 'same' },
  ];
  for (const c of TAP_GEMM_CASES) {
    it(`small-output convs as GEMMs: all directions, fused bias + leakyrelu, conv2dTranspose: ${c.name}`, () => {
      const diffs = compareWasmToCpu(() => {
        const x = tf.tensor4d(seeded(size(c.x), 1), c.x);
        const w = tf.tensor4d(seeded(size(c.w), 2), c.w);
        const bias = tf.tensor1d(seeded(c.w[3], 3));
        const fused = tf.fused.conv2d({
          x,
          filter: w,
          strides: c.strides,
          pad: c.pad as 'same',
          bias,
          activation: 'leakyrelu',
          leakyreluAlpha: 0.2,
        });
        return [tf.conv2d(x, w, c.strides, c.pad), fused, ...conv2dGrads(c)(), ...conv2dTransposeGrads(c)()];
      });
      console.log(`native tap GEMM ${c.name}: max abs diff ${diffs.map((d) => d.maxAbsDiff.toExponential(2)).join(' / ')}`);
      for (const d of diffs) expect(d.relDiff).toBeLessThan(1e-4);
    });
  }

  // One input channel: the forward pass runs as im2col + one sgemm per chunk of images
  // (csrc/conv2d_im2col_gemm.cc; 3x3 and 5x5 windows take an unrolled copy in csrc/im2col.cc,
  // shared with the input gradient's col2im); the filter gradient as a direct loop for 3x3 / 5x5
  // with a multiple of 32 output channels (csrc/conv2d_backprop_filter_one_channel.cc), else as
  // im2col + sgemm up to 32 output channels, else oneDNN.
  const IM2COL_CASES: ConvCase[] = [
    // 15x14 pixels x 25 taps per image: 17 images make two chunks (9 and 8), so the filter
    // gradient sums two partials and the last chunk is shorter
    { name: '29x27x1 5x5 -> 7, s2 same, batch 17 (two chunks)', x: [17, 29, 27, 1], w: [5, 5, 1, 7], strides: 2, pad: 'same' },
    // 15x13 pixels x 25 taps: 19 images make two chunks (10 and 9)
    {
      name: '15x13x1 5x5 -> 64, s1 same, batch 19 (direct filter gradient, two chunks)',
      x: [19, 15, 13, 1],
      w: [5, 5, 1, 64],
      strides: 1,
      pad: 'same',
    },
    {
      name: '8x10x1 3x3 -> 32, s2 valid, unused edge (direct filter gradient)',
      x: [2, 8, 10, 1],
      w: [3, 3, 1, 32],
      strides: 2,
      pad: 'valid',
    },
    {
      name: '13x15x1 3x3 -> 33, s1 valid, batch 3 (filter gradient on oneDNN)',
      x: [3, 13, 15, 1],
      w: [3, 3, 1, 33],
      strides: 1,
      pad: 'valid',
    },
    {
      name: '10x9x1 3x3 -> 32, s2 explicit uneven padding, batch 5 (direct filter gradient)',
      x: [5, 10, 9, 1],
      w: [3, 3, 1, 32],
      strides: 2,
      pad: [
        [0, 0],
        [2, 0],
        [1, 3],
        [0, 0],
      ],
    },
    {
      name: '6x7x1 4x2 -> 3, s[1,3] same, batch 2 (runtime window bounds)',
      x: [2, 6, 7, 1],
      w: [4, 2, 1, 3],
      strides: [1, 3],
      pad: 'same',
    },
  ];
  for (const c of IM2COL_CASES) {
    it(`one-channel convs as im2col GEMMs: all directions, fused bias + leakyrelu, conv2dTranspose: ${c.name}`, () => {
      const diffs = compareWasmToCpu(() => {
        const x = tf.tensor4d(seeded(size(c.x), 4), c.x);
        const w = tf.tensor4d(seeded(size(c.w), 5), c.w);
        const bias = tf.tensor1d(seeded(c.w[3], 6));
        const pad = c.pad as 'same';
        const fused = tf.fused.conv2d({ x, filter: w, strides: c.strides, pad, bias, activation: 'leakyrelu', leakyreluAlpha: 0.2 });
        return [tf.conv2d(x, w, c.strides, c.pad), fused, ...conv2dGrads(c)(), ...conv2dTransposeGrads(c)()];
      });
      console.log(`native im2col GEMM ${c.name}: max abs diff ${diffs.map((d) => d.maxAbsDiff.toExponential(2)).join(' / ')}`);
      for (const d of diffs) expect(d.relDiff).toBeLessThan(1e-4);
    });
  }

  it('falls back to the wasm kernel for dilation (oneDNN path is dilation 1 only)', () => {
    const diffs = compareWasmToCpu(() => {
      const x = tf.tensor4d(seeded(2 * 9 * 9 * 2, 1), [2, 9, 9, 2]);
      const w = tf.tensor4d(seeded(3 * 3 * 2 * 3, 2), [3, 3, 2, 3]);
      return [tf.conv2d(x, w, 1, 'valid', 'NHWC', 2)];
    });
    expect(diffs[0]!.relDiff).toBeLessThan(1e-4);
  });
});
