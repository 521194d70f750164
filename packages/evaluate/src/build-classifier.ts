import { tf } from '@genlab/backend';
import { buildNetwork, denseHead, layerSeed } from '@genlab/models';
import type { LayerSpec } from '@genlab/spec';

// The evaluator classifier (docs/design.md "Evaluation without Inception weights"; TF-GAN's MNIST
// classifier practice): the spec's body on images in [0, 1], an identity layer named `features`
// marking the body's output (classifier-FID and precision/recall read it), then a dense head of
// 10 classes with softmax (classifier-IS and mode coverage read the probabilities).

export const FEATURES_LAYER = 'features';
export const PROBS_LAYER = 'probs';
export const CLASSES = 10;
export const CLASSIFIER_NETWORK = 'classifier';

/** Untrained classifier [batch, 28, 28, 1] -> [batch, 10] probabilities, seeded. */
export function buildClassifier(network: LayerSpec[], seed: number): tf.LayersModel {
  const body = buildNetwork(network, [28, 28, 1], { name: CLASSIFIER_NETWORK, seed });
  const bodyOut = body.outputs[0]; // [batch, featureDim]
  if (bodyOut.shape.length !== 2) {
    throw new RangeError(`buildClassifier: the body must end in flat features, found shape [${bodyOut.shape.slice(1).join(', ')}]`);
  }
  const features = tf.layers.activation({ activation: 'linear', name: FEATURES_LAYER }).apply(bodyOut) as tf.SymbolicTensor; // [batch, featureDim]
  const logits = denseHead(CLASSES, 'logits', layerSeed(seed, CLASSIFIER_NETWORK, 'logits')).apply(features) as tf.SymbolicTensor; // [batch, 10]
  const probs = tf.layers.activation({ activation: 'softmax', name: PROBS_LAYER }).apply(logits) as tf.SymbolicTensor; // [batch, 10]
  return tf.model({ inputs: body.inputs, outputs: probs, name: CLASSIFIER_NETWORK });
}

/** Size of the `features` layer of a classifier built (or loaded) from buildClassifier. */
export function featureDimOf(model: tf.LayersModel): number {
  const shape = model.getLayer(FEATURES_LAYER).outputShape as number[];
  return shape[shape.length - 1];
}
