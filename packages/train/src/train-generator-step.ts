import { tf } from '@genlab/backend';
import type { GanNetworks } from './gan-networks';
import { trainableVariables } from './trainable-variables';

/**
 * Non-saturating generator loss (Goodfellow et al. 2014): BCE of D(G(z)) against label 1,
 * which gives strong gradients early when the discriminator rejects every sample.
 */
export function generatorLoss(nets: GanNetworks, noise: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const fake = nets.generator.apply(noise, { training: true }) as tf.Tensor4D; // [batch, 28, 28, 1]
    const logits = nets.discriminator.apply(fake, { training: true }) as tf.Tensor2D; // [batch, 1]
    return tf.losses.sigmoidCrossEntropy(tf.onesLike(logits), logits) as tf.Scalar;
  });
}

/**
 * One generator update (paper 3.7.1, "train the generator to fool the discriminator").
 * Gradients flow through the discriminator, but only the generator's variables are updated.
 * Returns the loss before the update.
 */
export function trainGeneratorStep(nets: GanNetworks, optG: tf.Optimizer, noise: tf.Tensor2D): number {
  const vars = trainableVariables(nets.generator);
  const cost = optG.minimize(() => generatorLoss(nets, noise), true, vars);
  if (!cost) throw new Error('optimizer.minimize returned no cost');
  const value = cost.dataSync()[0];
  cost.dispose();
  return value;
}
