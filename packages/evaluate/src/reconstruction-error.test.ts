import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, tf } from '@genlab/backend';
import { reconstructionError } from './reconstruction-error';

/** Encoder [28, 28, 1] -> [z_mean, z_log_var] of size 2; its weights do not matter here. */
function encoder(): tf.LayersModel {
  const input = tf.input({ shape: [28, 28, 1] });
  const flat = tf.layers.flatten().apply(input) as tf.SymbolicTensor;
  const mean = tf.layers.dense({ units: 2 }).apply(flat) as tf.SymbolicTensor;
  const logVar = tf.layers.dense({ units: 2 }).apply(flat) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: [mean, logVar] });
}

/** Decoder with zero weights: every pixel is activation(0) = 0.5 (sigmoid) or 0 (tanh, i.e. 0.5 in [0, 1]). */
function constantDecoder(activation: 'sigmoid' | 'tanh'): tf.LayersModel {
  return tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [2], units: 784, activation, kernelInitializer: 'zeros', biasInitializer: 'zeros' }),
      tf.layers.reshape({ targetShape: [28, 28, 1] }),
    ],
  });
}

function images(count: number): Uint8Array {
  return Uint8Array.from({ length: count * 784 }, (_, i) => (i * 37) % 256);
}

describe('reconstructionError', () => {
  beforeAll(async () => {
    await initBackend('auto');
  });

  it('gives BCE = log 2 and MSE = mean (x - 0.5)^2 for a decoder that outputs 0.5 everywhere', () => {
    const [enc, dec] = [encoder(), constantDecoder('sigmoid')];
    const x = images(7);
    const before = tf.memory().numTensors;
    const r = reconstructionError(enc, dec, x, 7, 'unit', 3); // batches of 3, 3, 1
    expect(tf.memory().numTensors).toBe(before);
    const mse = x.reduce((s, v) => s + (v / 255 - 0.5) ** 2, 0) / x.length;
    expect(r.samples).toBe(7);
    expect(r.mse).toBeCloseTo(mse, 6);
    expect(r.bce).toBeCloseTo(Math.log(2), 4); // float32 sums inside tfjs
    enc.dispose();
    dec.dispose();
  });

  it('maps a signed-scale (tanh) decoder to [0, 1] before scoring', () => {
    const [enc, dec] = [encoder(), constantDecoder('tanh')];
    const x = images(4);
    const r = reconstructionError(enc, dec, x, 4, 'signed');
    expect(r.mse).toBeCloseTo(x.reduce((s, v) => s + (v / 255 - 0.5) ** 2, 0) / x.length, 6);
    expect(r.bce).toBeCloseTo(Math.log(2), 4); // float32 sums inside tfjs
    enc.dispose();
    dec.dispose();
  });
});
