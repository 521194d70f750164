import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tf, initBackend } from '@genlab/backend';
import { createRng } from '@genlab/data';
import { buildNetworks, disposeNetworks, type Networks } from '@genlab/models';
import { TINY_GAN_MODEL } from '@genlab/spec/test-support/tiny-specs';
import { experimentSpec } from '../test-support/sample-fixture';
import { drawSamples } from './draw-samples';
import { SAMPLE_BATCH } from './render-latents';

const spec = experimentSpec(`name: draw\n${TINY_GAN_MODEL}`);
let nets: Networks;
beforeAll(async () => {
  await initBackend('auto');
  nets = buildNetworks(spec.model, 5);
});
afterAll(() => disposeNetworks(nets));

describe('drawSamples', () => {
  it('draws count x 784 uint8 in batches, deterministically, without leaking tensors', () => {
    const count = SAMPLE_BATCH + 7; // two batches, the second partial
    const before = tf.memory().numTensors;
    const a = drawSamples(nets.generator, count, 8, createRng(1), 'signed');
    expect(tf.memory().numTensors).toBe(before);
    expect(a.length).toBe(count * 784);
    expect(drawSamples(nets.generator, count, 8, createRng(1), 'signed')).toEqual(a);
    expect(drawSamples(nets.generator, count, 8, createRng(2), 'signed')).not.toEqual(a);
  });

  it('matches the generator on the same N(0, 1) noise, batch boundaries included', () => {
    const rng = createRng(3);
    const z = new Float32Array(3 * 8).map(() => rng.normal());
    const direct = tf.tidy(() => (nets.generator.predict(tf.tensor2d(z, [3, 8])) as tf.Tensor).dataSync());
    const drawn = drawSamples(nets.generator, 3, 8, createRng(3), 'signed');
    const expected = Uint8Array.from(direct, (v) => Math.max(0, Math.min(255, Math.round(v * 127.5 + 127.5))));
    expect(drawn).toEqual(expected);
  });
});
