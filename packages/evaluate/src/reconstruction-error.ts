import { tf } from '@genlab/backend';
import { toImageTensor, type PixelScale } from '@genlab/data';

// Paper 3.8.2: the VAE's reconstruction error (reported as 0.092). The paper does not say which
// error, so both per-pixel MSE and BCE are reported, on [0, 1] pixels whatever data.scale the
// VAE was trained at, with the encoder mean as the code (no sampling noise).

export interface ReconstructionError {
  mse: number;
  bce: number;
  samples: number;
}

const EPS = 1e-7;

/**
 * Mean per-pixel squared error and binary cross-entropy of decoder(encoder mean) against the
 * `count` input images, in batches; `scale` is the pixel range the networks were trained at.
 */
export function reconstructionError(
  encoder: tf.LayersModel,
  decoder: tf.LayersModel,
  images: Uint8Array,
  count: number,
  scale: PixelScale,
  batchSize = 500,
): ReconstructionError {
  let se = 0,
    ce = 0;
  for (let start = 0; start < count; start += batchSize) {
    const n = Math.min(batchSize, count - start);
    const [s, c] = tf.tidy(() => {
      const outs = encoder.predict(toImageTensor(images, n, scale, start));
      const mean = Array.isArray(outs) ? outs[0] : outs; // [n, latentDim]: z_mean
      const y = decoder.predict(mean) as tf.Tensor; // [n, 28, 28, 1] at `scale`
      const y01 = (scale === 'signed' ? y.add(1).div(2) : y).clipByValue(EPS, 1 - EPS);
      const x01 = toImageTensor(images, n, 'unit', start); // [n, 28, 28, 1]
      const sq = y01.sub(x01).square().sum();
      const bce = x01
        .mul(y01.log())
        .add(tf.scalar(1).sub(x01).mul(tf.scalar(1).sub(y01).log()))
        .sum()
        .neg();
      return [sq.dataSync()[0], bce.dataSync()[0]];
    });
    se += s;
    ce += c;
  }
  const pixels = count * 784;
  return { mse: se / pixels, bce: ce / pixels, samples: count };
}
