import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../init-backend';
import { tf } from '../../tf';
import { compareWasmToCpu, seeded } from '../../../test-support/compare-backends';

beforeAll(async () => {
  const info = await initBackend('wasm');
  expect(info.kernels).toEqual(expect.arrayContaining(['Conv2D', 'FusedConv2D']));
});

type Shape4 = [number, number, number, number];
// Even kernels with stride > 1 and 'same' padding: where the stock kernels were wrong.
const CASES: { x: Shape4; w: Shape4; s: number }[] = [
  { x: [1, 4, 4, 2], w: [1, 2, 2, 3], s: 2 },
  { x: [2, 3, 3, 2], w: [2, 2, 2, 3], s: 3 },
  { x: [1, 7, 9, 3], w: [4, 2, 3, 1], s: 2 },
  { x: [1, 28, 28, 1], w: [5, 5, 1, 4], s: 2 }, // the paper's discriminator input layer
];
const size = (s: number[]) => s.reduce((a, b) => a * b, 1);

describe("wasm Conv2D / FusedConv2D with 'same' padding match the cpu backend", () => {
  for (const c of CASES) {
    it(`x [${c.x}], filter [${c.w}], stride ${c.s}`, () => {
      const [plain, fused] = compareWasmToCpu(() => {
        const x = tf.tensor4d(seeded(size(c.x), 1), c.x);
        const w = tf.tensor4d(seeded(size(c.w), 2), c.w);
        const bias = tf.tensor1d(seeded(c.w[3], 3));
        return [
          tf.conv2d(x, w, c.s, 'same'),
          tf.fused.conv2d({ x, filter: w, strides: c.s, pad: 'same', bias, activation: 'leakyrelu', leakyreluAlpha: 0.2 }),
        ];
      });
      console.log(
        `conv2d same x [${c.x}] w [${c.w}] s${c.s}: max abs diff ${plain!.maxAbsDiff.toExponential(2)} (fused ${fused!.maxAbsDiff.toExponential(2)})`,
      );
      expect(plain!.relDiff).toBeLessThan(1e-4);
      expect(fused!.relDiff).toBeLessThan(1e-4);
    });
  }
});
