import type { LayerSpec, ModelSpec, Shape } from '@genlab/spec';
import { networkPlans } from './network-plan';
import { typed } from './typed-layer';

// Forward-pass cost per image, for the training-speed comparison of paper 3.8.3 and the train
// bench (a training step is about 3x forward: forward, and backward for inputs and weights).
// Counts multiply-adds of dense and conv layers at 2 FLOPs each; activations, biases and
// batch-norm are a few FLOPs per value and left out.

/** Forward FLOPs per image of each network of `model` (VAE encoder includes its two heads). */
export function flopsPerImage(model: ModelSpec): Record<string, number> {
  const out: Record<string, number> = {};
  for (const plan of networkPlans(model)) {
    let flops = 0;
    let shape = plan.input;
    plan.layers.forEach((layer, i) => {
      flops += 2 * macs(layer, shape, plan.shapes[i]);
      shape = plan.shapes[i];
    });
    if (plan.name === 'encoder') flops += 2 * 2 * shape[0] * model.latentDim; // z_mean and z_log_var heads
    out[plan.name] = flops;
  }
  return out;
}

function macs(spec: LayerSpec, input: Shape, output: Shape): number {
  const layer = typed(spec);
  const size = (s: Shape) => s.reduce((a, b) => a * b, 1);
  if (layer.type === 'dense') return input[0] * layer.units;
  if (layer.type !== 'conv2d' && layer.type !== 'conv2dTranspose') return 0;
  const [kh, kw] = Array.isArray(layer.kernel) ? layer.kernel : [layer.kernel, layer.kernel];
  const inC = input[2];
  // conv2d: each output value sums kh*kw*inC products. conv2dTranspose: each input value is
  // scattered through kh*kw*filters products (the transpose of the conv from output to input).
  return layer.type === 'conv2d' ? size(output) * kh * kw * inC : size(input) * kh * kw * layer.filters;
}

/**
 * FLOPs of training on one image, counting a network's backward pass as twice its forward
 * (gradients for inputs and for weights). GAN, per image: the discriminator step runs G forward
 * (1 G) and D forward+backward on fake and real (2 x 3 D); the generator step runs G
 * forward+backward (3 G) and D forward plus input gradients only (2 D): 4 G + 8 D.
 * VAE: encoder and decoder forward+backward once: 3 (E + D).
 */
export function trainingFlopsPerImage(model: ModelSpec): number {
  const f = flopsPerImage(model);
  return model.kind === 'gan' ? 4 * f.generator + 8 * f.discriminator : 3 * (f.encoder + f.decoder);
}
