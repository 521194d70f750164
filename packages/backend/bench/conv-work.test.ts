import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, tf } from '../src';
import { PAPER_CONV_SHAPES } from './conv-gflops';
import { convWork, tapsInside } from './conv-work';

describe('tapsInside', () => {
  it("counts the window taps inside the input under TF's 'same' padding", () => {
    // D4's 4 -> 2: padding 1 before, 2 after; windows [-1, 3] and [1, 5] hold 4 + 3 real pixels.
    expect(tapsInside(4, 5, 2)).toEqual({ out: 2, taps: 7 });
    // 28 -> 14, 5 wide: the first window starts at -1 (4 inside), the last ends at 29 (3 inside).
    expect(tapsInside(28, 5, 2)).toEqual({ out: 14, taps: 4 + 12 * 5 + 3 });
    // 28 -> 14, 3 wide: one pixel of padding, after: the last window holds 2.
    expect(tapsInside(28, 3, 2)).toEqual({ out: 14, taps: 13 * 3 + 2 });
    // No padding needed: every tap is inside.
    expect(tapsInside(9, 3, 3)).toEqual({ out: 3, taps: 9 });
  });
});

describe('convWork', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  // A conv of ones through ones sums, at each output, inC x the taps inside the image, so the
  // output's total is the multiply-adds that touch real pixels: tfjs's own padding decides.
  const cases = [
    { name: 'odd', x: [2, 7, 5, 3] as [number, number, number, number], k: 5, outC: 2 },
    { name: 'even', x: [1, 6, 9, 2] as [number, number, number, number], k: 3, outC: 3 },
    { name: 'D4 at batch 1', x: [1, 4, 4, 3] as [number, number, number, number], k: 5, outC: 2 },
  ];
  for (const c of cases) {
    it(`counts the FLOPs tfjs's stride-2 'same' conv does on real pixels (${c.name}: x [${c.x}], ${c.k}x${c.k} -> ${c.outC})`, () => {
      const y = tf.conv2d(tf.ones(c.x) as tf.Tensor4D, tf.ones([c.k, c.k, c.x[3], c.outC]) as tf.Tensor4D, 2, 'same');
      const work = convWork(c);
      expect(work.out).toEqual([y.shape[1], y.shape[2]]);
      expect(work.flops).toBe(2 * tf.sum(y).dataSync()[0]!);
      expect(work.nominalFlops).toBe(2 * y.size * c.k * c.k * c.x[3]);
      y.dispose();
    });
  }

  it('gives the paper shapes their FLOPs and fewest bytes (x + filter + y, fp32)', () => {
    const d4 = convWork(PAPER_CONV_SHAPES.find((s) => s.name.startsWith('D4'))!);
    expect(d4.flops).toBe(2 * 128 * 7 * 7 * 256 * 512);
    expect(d4.flops / d4.nominalFlops).toBeCloseTo(49 / 100, 10);
    expect(d4.bytes).toBe(4 * (128 * 4 * 4 * 256 + 5 * 5 * 256 * 512 + 128 * 2 * 2 * 512));
    const vae1 = convWork(PAPER_CONV_SHAPES.find((s) => s.name.startsWith('VAE1'))!);
    expect(vae1.bytes).toBe(4 * (64 * 28 * 28 + 3 * 3 * 32 + 64 * 14 * 14 * 32));
    expect(vae1.flops).toBe(2 * 64 * 41 * 41 * 32);
  });
});
