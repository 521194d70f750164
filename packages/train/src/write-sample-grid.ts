import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { tf } from '@genlab/backend';
import { encodeGridPng, tensorToUint8, type PixelScale } from '@genlab/data';

/**
 * The per-epoch sample grid of paper 3.4 ("we randomly sampled from the latent space during
 * training"): the sampler applied to a fixed noise [cols * cols, latent], as one PNG.
 */
export async function writeSampleGrid(
  sampler: tf.LayersModel,
  noise: tf.Tensor2D,
  scale: PixelScale,
  cols: number,
  file: string,
): Promise<void> {
  const images = tf.tidy(() => sampler.predict(noise) as tf.Tensor4D); // [cols * cols, 28, 28, 1]
  const pixels = tensorToUint8(images, scale);
  images.dispose();
  const png = await encodeGridPng(pixels, noise.shape[0], cols);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, png);
}
