import { tf } from '@genlab/backend';
import { tensorToUint8, type PixelScale } from '@genlab/data';

/** Images per predict() call: [500, 28, 28, 1] activations stay small on any backend. */
export const SAMPLE_BATCH = 500;

/**
 * Images of a generator or decoder for `count` latent vectors (row-major [count * dim]), in
 * batches so 10,000 samples never sit in one tensor. Returns uint8 [count * 784].
 */
export function renderLatents(
  model: tf.LayersModel,
  latents: Float32Array,
  count: number,
  dim: number,
  scale: PixelScale,
  batch = SAMPLE_BATCH,
): Uint8Array {
  tf.util.assert(latents.length === count * dim, () => `renderLatents: expected ${count} x ${dim} latent values, found ${latents.length}`);
  const out = new Uint8Array(count * 784);
  for (let start = 0; start < count; start += batch) {
    const n = Math.min(batch, count - start);
    const images = tf.tidy(() => {
      const z = tf.tensor2d(latents.subarray(start * dim, (start + n) * dim), [n, dim]); // [n, dim]
      return model.predict(z) as tf.Tensor4D; // [n, 28, 28, 1]
    });
    out.set(tensorToUint8(images, scale), start * 784);
    images.dispose();
  }
  return out;
}
