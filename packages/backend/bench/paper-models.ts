// The paper's DCGAN (3.2.1) and conv VAE (3.3) built with plain tfjs layers, the same layers as
// shared/reference/torch_reference.py, plus FLOP counts taken from the layer shapes.
import { tf } from '../src';

const lrelu = () => tf.layers.leakyReLU({ alpha: 0.2 });

/** z [b, 100] -> dense 7*7*128 -> [b, 7, 7, 128] -> [b, 14, 14, 64] -> [b, 28, 28, 1] (tanh). */
export function buildGenerator(): tf.Sequential {
  const g = tf.sequential();
  g.add(tf.layers.dense({ inputShape: [100], units: 7 * 7 * 128 }));
  g.add(lrelu());
  g.add(tf.layers.reshape({ targetShape: [7, 7, 128] }));
  g.add(tf.layers.conv2dTranspose({ filters: 64, kernelSize: 5, strides: 2, padding: 'same' }));
  g.add(lrelu());
  g.add(tf.layers.conv2dTranspose({ filters: 1, kernelSize: 5, strides: 2, padding: 'same', activation: 'tanh' }));
  return g;
}

/** x [b, 28, 28, 1] -> 14 -> 7 -> 4 -> 2 (64/128/256/512 filters) -> flatten 2048 -> logit [b, 1]. */
export function buildDiscriminator(): tf.Sequential {
  const d = tf.sequential();
  [64, 128, 256, 512].forEach((filters, i) => {
    d.add(tf.layers.conv2d({ ...(i === 0 ? { inputShape: [28, 28, 1] } : {}), filters, kernelSize: 5, strides: 2, padding: 'same' }));
    d.add(lrelu());
  });
  d.add(tf.layers.flatten());
  d.add(tf.layers.dense({ units: 1 }));
  return d;
}

export interface Vae { encoder: tf.Sequential; mean: tf.Sequential; logVar: tf.Sequential; decoder: tf.Sequential }

/** Encoder [b, 28, 28, 1] -> 14x14x32 -> 7x7x64 -> 512 -> 256; heads mean/logVar [b, 10]; decoder back to logits [b, 28, 28, 1]. */
export function buildVae(latent = 10): Vae {
  const encoder = tf.sequential();
  encoder.add(tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 3, strides: 2, padding: 'same' }));
  encoder.add(lrelu());
  encoder.add(tf.layers.conv2d({ filters: 64, kernelSize: 3, strides: 2, padding: 'same' }));
  encoder.add(lrelu());
  encoder.add(tf.layers.flatten());
  for (const units of [512, 256]) { encoder.add(tf.layers.dense({ units })); encoder.add(lrelu()); }
  const head = () => tf.sequential({ layers: [tf.layers.dense({ inputShape: [256], units: latent })] });
  const decoder = tf.sequential();
  decoder.add(tf.layers.dense({ inputShape: [latent], units: 256 }));
  decoder.add(lrelu());
  for (const units of [512, 7 * 7 * 64]) { decoder.add(tf.layers.dense({ units })); decoder.add(lrelu()); }
  decoder.add(tf.layers.reshape({ targetShape: [7, 7, 64] }));
  decoder.add(tf.layers.conv2dTranspose({ filters: 64, kernelSize: 3, strides: 2, padding: 'same' }));
  decoder.add(lrelu());
  decoder.add(tf.layers.conv2dTranspose({ filters: 1, kernelSize: 3, strides: 2, padding: 'same' })); // logits
  return { encoder, mean: head(), logVar: head(), decoder };
}

/** Forward multiply-adds per image of the dense and conv layers (the rest is noise). */
export function forwardMacs(model: tf.LayersModel): number {
  const prod = (s: number[]) => s.reduce((a, b) => a * b, 1);
  let macs = 0;
  let inp = model.inputs[0]!.shape; // [null, ...] per layer, as we walk the stack
  for (const layer of model.layers) {
    const kernel = layer.getWeights()[0]?.shape;
    const cls = layer.getClassName();
    const out = layer.outputShape as (number | null)[];
    if (cls === 'Dense' && kernel) macs += prod(kernel);
    else if (cls === 'Conv2D' && kernel) macs += (out[1]! * out[2]!) * prod(kernel); // [kH, kW, inC, outC] per output pixel
    else if (cls === 'Conv2DTranspose' && kernel) macs += (inp[1]! * inp[2]!) * prod(kernel); // per input pixel
    inp = out;
  }
  return macs;
}

/**
 * FLOPs per image per training step, backward = 2x forward (the 3x rule).
 * GAN: D step runs G forward once and D forward+backward on 2 images (fake + real); G step runs
 * G and D forward+backward once: 2*3*D + G + 3*G + 3*D. VAE: 3 * forward.
 */
export function stepFlopsPerImage(kind: 'gan' | 'vae', models: tf.LayersModel[]): number {
  const f = models.map((m) => 2 * forwardMacs(m));
  if (kind === 'gan') return 9 * f[1]! + 4 * f[0]!; // models = [generator, discriminator]
  return 3 * f.reduce((a, b) => a + b, 0);
}
