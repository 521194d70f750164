import { tf } from '@genlab/backend';
import type { GanNetworks } from './gan-networks';
import { trainableVariables } from './trainable-variables';

export interface DiscriminatorStepOptions {
  /** Real labels become 1 - labelSmoothing (one-sided smoothing, Salimans et al. 2016). */
  labelSmoothing: number;
}

/**
 * BCE of the discriminator on generated (label 0) and real (label 1 - smoothing) images, from
 * logits (paper 3.4: "binary cross-entropy"; logits are the numerically stable form).
 */
export function discriminatorLoss(nets: GanNetworks, real: tf.Tensor4D, noise: tf.Tensor2D, labelSmoothing: number): tf.Scalar {
  return tf.tidy(() => {
    const nFake = noise.shape[0];
    const nReal = real.shape[0];
    const fake = nets.generator.apply(noise, { training: true }) as tf.Tensor4D; // [nFake, 28, 28, 1]
    const images = tf.concat([fake, real], 0); // [nFake + nReal, 28, 28, 1]
    const logits = nets.discriminator.apply(images, { training: true }) as tf.Tensor2D; // [nFake + nReal, 1]
    const labels = tf.concat([tf.zeros([nFake, 1]), tf.fill([nReal, 1], 1 - labelSmoothing)], 0); // [nFake + nReal, 1]
    return tf.losses.sigmoidCrossEntropy(labels, logits) as tf.Scalar;
  });
}

/**
 * One discriminator update (paper 3.7.1, "train the discriminator on real and fake data").
 * Only the discriminator's variables are in the varList, so the generator does not move.
 * Returns the loss before the update.
 */
export function trainDiscriminatorStep(
  nets: GanNetworks,
  optD: tf.Optimizer,
  real: tf.Tensor4D,
  noise: tf.Tensor2D,
  opts: DiscriminatorStepOptions,
): number {
  const vars = trainableVariables(nets.discriminator);
  const cost = optD.minimize(() => discriminatorLoss(nets, real, noise, opts.labelSmoothing), true, vars);
  if (!cost) throw new Error('optimizer.minimize returned no cost');
  const value = cost.dataSync()[0];
  cost.dispose();
  return value;
}
