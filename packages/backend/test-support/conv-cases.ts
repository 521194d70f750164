// Test support: odd conv shapes (strides 1-3, same/valid/explicit padding, non-square kernels,
// batch 1, odd spatial sizes, 1 and 3 channels) shared by the wasm conv kernel tests.
import { tf } from '../src/tf';
import { seeded } from './compare-backends';

export interface ConvCase {
  name: string;
  x: [number, number, number, number]; // [batch, h, w, inC]
  w: [number, number, number, number]; // [kH, kW, inC, outC]
  strides: number | [number, number];
  pad: 'same' | 'valid' | number | [[number, number], [number, number], [number, number], [number, number]];
}

export const CONV_CASES: ConvCase[] = [
  { name: '7x9x1, 3x5 -> 3, s1 same, batch 1', x: [1, 7, 9, 1], w: [3, 5, 1, 3], strides: 1, pad: 'same' },
  { name: '7x9x3, 3x5 -> 2, s2 valid', x: [2, 7, 9, 3], w: [3, 5, 3, 2], strides: 2, pad: 'valid' },
  { name: '9x7x3, 5x3 -> 1, s3 same, batch 1', x: [1, 9, 7, 3], w: [5, 3, 3, 1], strides: 3, pad: 'same' },
  { name: '8x8x3, 5x5 -> 4, s2 same', x: [3, 8, 8, 3], w: [5, 5, 3, 4], strides: 2, pad: 'same' },
  {
    name: '7x9x3, 2x3 -> 3, s[1,2] explicit',
    x: [1, 7, 9, 3],
    w: [2, 3, 3, 3],
    strides: [1, 2],
    pad: [
      [0, 0],
      [1, 2],
      [0, 1],
      [0, 0],
    ],
  },
  { name: '11x7x1, 3x3 -> 5, s2 pad 1', x: [1, 11, 7, 1], w: [3, 3, 1, 5], strides: 2, pad: 1 },
  // kernel smaller than the stride: some input pixels meet no tap (zero gradient)
  { name: '9x8x3, 1x2 -> 2, s3 same', x: [1, 9, 8, 3], w: [1, 2, 3, 2], strides: 3, pad: 'same' },
  // valid padding that leaves the last row and column unused (the filter gradient's GEMM fallback)
  { name: '8x10x3, 3x3 -> 2, s2 valid, unused edge', x: [2, 8, 10, 3], w: [3, 3, 3, 2], strides: 2, pad: 'valid' },
];

const size = (s: number[]): number => s.reduce((a, b) => a * b, 1);

/** Gradients of sum(conv2d(x, w) * r) with respect to x and w: [dx, dw]. */
export function conv2dGrads(c: ConvCase): () => tf.Tensor[] {
  return () => {
    const x = tf.tensor4d(seeded(size(c.x), 1), c.x);
    const w = tf.tensor4d(seeded(size(c.w), 2), c.w);
    const outShape = tf.conv2d(x, w, c.strides, c.pad).shape;
    const r = tf.tensor(seeded(size(outShape), 3), outShape);
    const g = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
      tf
        .conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.strides, c.pad)
        .mul(r)
        .sum(),
    );
    return g([x, w]);
  };
}

/**
 * conv2dTranspose with the case's conv as its adjoint: input is the conv's output shape, output
 * is the conv's input shape. Returns [y, dInput, dFilter] for sum(y * r).
 */
export function conv2dTransposeGrads(c: ConvCase): () => tf.Tensor[] {
  return () => {
    const probe = tf.conv2d(tf.zeros(c.x) as tf.Tensor4D, tf.zeros(c.w) as tf.Tensor4D, c.strides, c.pad);
    const input = tf.tensor4d(seeded(size(probe.shape), 4), probe.shape as [number, number, number, number]);
    const filter = tf.tensor4d(seeded(size(c.w), 5), c.w); // [kH, kW, outC of transpose, inC of transpose]
    const r = tf.tensor(seeded(size(c.x), 6), c.x);
    const f = (a: tf.Tensor, b: tf.Tensor) => tf.conv2dTranspose(a as tf.Tensor4D, b as tf.Tensor4D, c.x, c.strides, c.pad as never);
    const y = f(input, filter);
    const [dIn, dFilter] = tf.grads((a: tf.Tensor, b: tf.Tensor) => f(a, b).mul(r).sum())([input, filter]);
    return [y, dIn!, dFilter!];
  };
}
