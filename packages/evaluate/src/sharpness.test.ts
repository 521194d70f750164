import { describe, expect, it } from 'vitest';
import { readMnist } from '@genlab/data/read-mnist';
import { sharpness, sharpnessRatio } from './sharpness';

/** A 3x3 box blur of each 28x28 image (edges replicate), rounded back to uint8. */
function boxBlur(images: Uint8Array, count: number): Uint8Array {
  const out = new Uint8Array(count * 784);
  const clamp = (v: number) => Math.min(27, Math.max(0, v));
  for (let n = 0; n < count; n++) {
    for (let y = 0; y < 28; y++) {
      for (let x = 0; x < 28; x++) {
        let s = 0;
        for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) s += images[n * 784 + clamp(y + dy) * 28 + clamp(x + dx)];
        out[n * 784 + y * 28 + x] = Math.round(s / 9);
      }
    }
  }
  return out;
}

describe('sharpness', () => {
  it('is 0 for flat images', () => {
    expect(sharpness(new Uint8Array(2 * 784).fill(200), 2)).toEqual({ laplacianVariance: 0, gradientMagnitude: 0 });
  });

  it('gives the analytic values of a 0/1 checkerboard: Laplacian +-4 (variance 16), gradient sqrt 2', () => {
    const board = Uint8Array.from({ length: 784 }, (_, i) => ((Math.floor(i / 28) + (i % 28)) % 2) * 255);
    const s = sharpness(board, 1);
    expect(s.laplacianVariance).toBeCloseTo(16, 10);
    expect(s.gradientMagnitude).toBeCloseTo(Math.SQRT2, 10);
  });

  it('drops on blurred MNIST digits, and the ratio of a set to itself is 1', () => {
    const test = readMnist().test;
    const n = 200;
    const real = sharpness(test.images, n);
    const blurred = sharpness(boxBlur(test.images, n), n);
    expect(blurred.laplacianVariance).toBeLessThan(0.5 * real.laplacianVariance);
    expect(blurred.gradientMagnitude).toBeLessThan(real.gradientMagnitude);
    expect(sharpnessRatio(real, real)).toEqual({ laplacianVariance: 1, gradientMagnitude: 1 });
    const r = sharpnessRatio(blurred, real);
    expect(r.laplacianVariance).toBeLessThan(r.gradientMagnitude);
  });

  it('names the expected size when the buffer is short', () => {
    expect(() => sharpness(new Uint8Array(100), 1)).toThrow(/expected 1 images of 28x28 \(784 values/);
  });
});
