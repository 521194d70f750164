import { tf } from '@genlab/backend';
import type { VaeNetworks } from './gan-networks';
import { trainableVariables } from './trainable-variables';

export interface VaeLossOptions {
  /** bernoulli = BCE summed over pixels (images in [0, 1]); gaussian = squared error. */
  reconstruction: 'bernoulli' | 'gaussian';
  klWeight: number;
}

export interface VaeLosses {
  loss: number;
  reconstruction: number;
  kl: number;
}

// Keras' clipping for BCE on probabilities: the decoder ends in a sigmoid, so its output can
// round to exactly 0 or 1 in float32, where log() would be -Infinity.
const PROB_EPSILON = 1e-7;

/**
 * The negative ELBO of paper 3.4 ("reconstruction loss + KL divergence"), each term summed over
 * its dimensions and averaged over the batch. z = mean + exp(0.5 logVar) * eps is the
 * reparameterisation (Kingma & Welling 2014), so gradients reach the encoder.
 */
export function vaeLoss(
  nets: VaeNetworks,
  x: tf.Tensor4D,
  eps: tf.Tensor2D,
  opts: VaeLossOptions,
): { loss: tf.Scalar; reconstruction: tf.Scalar; kl: tf.Scalar } {
  return tf.tidy(() => {
    const [mean, logVar] = nets.encoder.apply(x, { training: true }) as tf.Tensor2D[]; // [batch, latent] each
    const z = tf.add(mean, tf.mul(tf.exp(tf.mul(logVar, 0.5)), eps)); // [batch, latent]
    const xHat = nets.decoder.apply(z, { training: true }) as tf.Tensor4D; // [batch, 28, 28, 1]
    const perImage = opts.reconstruction === 'bernoulli' ? bernoulliNll(x, xHat) : tf.sum(tf.squaredDifference(x, xHat), [1, 2, 3]); // [batch]
    const reconstruction = tf.mean(perImage) as tf.Scalar;
    // KL(N(mean, exp(logVar)) || N(0, 1)) = 0.5 * sum(exp(logVar) + mean^2 - 1 - logVar)
    const klPerImage = tf.mul(0.5, tf.sum(tf.sub(tf.add(tf.exp(logVar), tf.square(mean)), tf.add(1, logVar)), 1)); // [batch]
    const kl = tf.mean(klPerImage) as tf.Scalar;
    const loss = tf.add(reconstruction, tf.mul(kl, opts.klWeight)) as tf.Scalar;
    return { loss, reconstruction, kl };
  });
}

/** -log p(x | xHat) under independent Bernoulli pixels, summed per image: [batch]. */
function bernoulliNll(x: tf.Tensor4D, p: tf.Tensor4D): tf.Tensor1D {
  const q = tf.clipByValue(p, PROB_EPSILON, 1 - PROB_EPSILON);
  const ll = tf.add(tf.mul(x, tf.log(q)), tf.mul(tf.sub(1, x), tf.log(tf.sub(1, q)))); // [batch, 28, 28, 1]
  return tf.neg(tf.sum(ll, [1, 2, 3])) as tf.Tensor1D;
}

/** One update of encoder and decoder together on the negative ELBO. Returns the terms before it. */
export function vaeTrainStep(nets: VaeNetworks, opt: tf.Optimizer, x: tf.Tensor4D, eps: tf.Tensor2D, opts: VaeLossOptions): VaeLosses {
  const vars = [...trainableVariables(nets.encoder), ...trainableVariables(nets.decoder)];
  let terms: tf.Scalar[] = [];
  const { value, grads } = tf.variableGrads(() => {
    const l = vaeLoss(nets, x, eps, opts);
    // The terms leave variableGrads' scope only if kept; they are disposed below.
    terms = [tf.keep(l.reconstruction), tf.keep(l.kl)];
    return l.loss;
  }, vars);
  opt.applyGradients(grads);
  const [loss, reconstruction, kl] = [value, ...terms].map((t) => t.dataSync()[0]);
  tf.dispose([value, ...terms, ...Object.values(grads)]);
  return { loss, reconstruction, kl };
}
