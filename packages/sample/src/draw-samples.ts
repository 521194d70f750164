import type { tf } from '@genlab/backend';
import type { PixelScale, Rng } from '@genlab/data';
import { normalLatents } from './normal-latents';
import { renderLatents, SAMPLE_BATCH } from './render-latents';

/**
 * `count` samples of a GAN generator (z ~ N(0, 1), paper 3.2.1) or VAE decoder (z from the
 * prior N(0, 1), paper 3.7.2), as uint8 [count * 784]. Latents are drawn batch by batch from
 * `rng`, so memory stays bounded and the same rng state gives the same bytes.
 */
export function drawSamples(
  generatorOrDecoder: tf.LayersModel,
  count: number,
  latentDim: number,
  rng: Rng,
  scale: PixelScale,
  onProgress?: (done: number) => void,
): Uint8Array {
  const out = new Uint8Array(count * 784);
  for (let start = 0; start < count; start += SAMPLE_BATCH) {
    const n = Math.min(SAMPLE_BATCH, count - start);
    out.set(renderLatents(generatorOrDecoder, normalLatents(rng, n, latentDim), n, latentDim, scale), start * 784);
    onProgress?.(start + n);
  }
  return out;
}
