import { tf } from '@genlab/backend';
import { tensorToUint8, toImageTensor, type PixelScale } from '@genlab/data';

/**
 * VAE reconstructions (paper 3.3): each image through the encoder's mean (no sampling, so the
 * figure is deterministic) and the decoder. uint8 [count * 784] in, uint8 [count * 784] out.
 */
export function reconstructImages(
  encoder: tf.LayersModel,
  decoder: tf.LayersModel,
  images: Uint8Array,
  count: number,
  scale: PixelScale,
): Uint8Array {
  const out = tf.tidy(() => {
    const x = toImageTensor(images, count, scale); // [count, 28, 28, 1]
    const [mean] = encoder.predict(x) as tf.Tensor2D[]; // [count, latent]
    return decoder.predict(mean) as tf.Tensor4D; // [count, 28, 28, 1]
  });
  const pixels = tensorToUint8(out, scale);
  out.dispose();
  return pixels;
}
