import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, tf } from '@genlab/backend';
import { tensorToUint8, toImageTensor } from './to-image-tensor';

// Three images: all 0, all 255, and a ramp 0..255 (repeating).
const images = new Uint8Array(3 * 784);
images.fill(255, 784, 2 * 784);
for (let i = 0; i < 784; i++) images[2 * 784 + i] = i % 256;

beforeAll(async () => {
  await initBackend('cpu');
});

describe('toImageTensor / tensorToUint8', () => {
  it("scales 'signed' to [-1, 1] (paper 3.1) and 'unit' to [0, 1]", () => {
    const before = tf.memory().numTensors;
    const s = toImageTensor(images, 3, 'signed');
    const u = toImageTensor(images, 3, 'unit');
    expect(s.shape).toEqual([3, 28, 28, 1]);
    const range = (t: tf.Tensor) => tf.tidy(() => [t.min().dataSync()[0], t.max().dataSync()[0]]);
    expect(range(s)).toEqual([-1, 1]);
    expect(range(u)).toEqual([0, 1]);
    expect(s.dataSync()[2 * 784 + 127]).toBeCloseTo(127 / 127.5 - 1, 6);
    expect(u.dataSync()[2 * 784 + 51]).toBeCloseTo(0.2, 6);
    tf.dispose([s, u]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('starts at an image offset and rejects ranges outside the buffer', () => {
    const t = toImageTensor(images, 2, 'unit', 1);
    expect(t.shape).toEqual([2, 28, 28, 1]);
    expect(t.dataSync()[0]).toBe(1);
    t.dispose();
    expect(() => toImageTensor(images, 3, 'unit', 1)).toThrow(/outside a buffer of 3 images/);
  });

  it('round-trips through tensorToUint8 exactly, clamping out-of-range outputs', () => {
    for (const scale of ['signed', 'unit'] as const) {
      const t = toImageTensor(images, 3, scale);
      expect(Array.from(tensorToUint8(t, scale))).toEqual(Array.from(images));
      t.dispose();
    }
    const wild = tf.tensor1d([-3, -1, 0, 0.5, 1, 7]);
    expect(Array.from(tensorToUint8(wild, 'signed'))).toEqual([0, 0, 128, 191, 255, 255]);
    expect(Array.from(tensorToUint8(wild, 'unit'))).toEqual([0, 0, 0, 128, 255, 255]);
    wild.dispose();
  });
});
