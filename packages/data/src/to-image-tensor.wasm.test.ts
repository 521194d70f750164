import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, tf } from '@genlab/backend';
import { createRng } from './rng';
import { tensorToUint8, toImageTensor } from './to-image-tensor';

// On wasm the pixels are written straight into the tensor's memory in the wasm heap; its own
// process, since tfjs has one backend per process.
const count = 5000;
const images = new Uint8Array(count * 784);
const rng = createRng(4);
for (let i = 0; i < images.length; i++) images[i] = rng.int(256);

beforeAll(async () => {
  await initBackend('wasm');
});

describe('toImageTensor on wasm', () => {
  it('writes into the wasm heap with the same values, offsets and no leaks', () => {
    expect(tf.getBackend()).toBe('wasm');
    const before = tf.memory().numTensors;
    const t = toImageTensor(images, count - 10, 'signed', 10);
    expect(t.shape).toEqual([count - 10, 28, 28, 1]);
    const values = t.dataSync();
    for (const i of [0, 4095 * 784 + 3, 4096 * 784, values.length - 1]) expect(values[i]).toBeCloseTo(images[10 * 784 + i] / 127.5 - 1, 6);
    // Exact round trip of all 3.9M pixels (Buffer.equals: a deep toEqual on this is slow).
    expect(Buffer.from(tensorToUint8(t, 'signed')).equals(Buffer.from(images.subarray(10 * 784)))).toBe(true);
    t.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
