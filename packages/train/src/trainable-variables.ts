import { tf } from '@genlab/backend';

/**
 * The tf.Variables behind a model's trainable weights: the `varList` that limits what one
 * optimiser step may change (a generator step must leave the discriminator alone).
 */
export function trainableVariables(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((w) => w.read() as tf.Variable);
}
