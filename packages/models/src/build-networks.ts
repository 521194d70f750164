import { tf } from '@genlab/backend';
import type { ModelSpec } from '@genlab/spec';
import { buildNetwork, denseHead, stackLayers } from './build-network';
import { layerSeed } from './layer-seed';
import { networkPlans, VAE_HEADS, type NetworkPlan } from './network-plan';

/** The networks of one model by name: generator/discriminator (GAN) or encoder/decoder (VAE). */
export type Networks = Record<string, tf.LayersModel>;

/**
 * Untrained networks of `model`, initialised from `seed`. GAN (paper 3.2.1): the discriminator
 * ends in one logit, no sigmoid (the loss takes logits). VAE (paper 3.3): the encoder has two
 * outputs [z_mean, z_log_var], each a dense head of size latentDim on the encoder body.
 */
export function buildNetworks(model: ModelSpec, seed: number): Networks {
  const networks: Networks = {};
  try {
    for (const plan of networkPlans(model)) {
      networks[plan.name] =
        plan.name === 'encoder'
          ? buildEncoder(plan, model.latentDim, seed)
          : buildNetwork(plan.layers, plan.input, { name: plan.name, seed });
    }
  } catch (err) {
    Object.values(networks).forEach((n) => n.dispose());
    throw err;
  }
  return networks;
}

function buildEncoder(plan: NetworkPlan, latentDim: number, seed: number): tf.LayersModel {
  const input = tf.input({ shape: plan.input, name: 'encoder_input' }); // [batch, 28, 28, 1]
  const features = stackLayers(plan.layers, input, { name: 'encoder', seed }); // [batch, features]
  const mean = denseHead(latentDim, VAE_HEADS.mean, layerSeed(seed, 'encoder', VAE_HEADS.mean)).apply(features) as tf.SymbolicTensor; // [batch, latentDim]
  const logVar = denseHead(latentDim, VAE_HEADS.logVar, layerSeed(seed, 'encoder', VAE_HEADS.logVar)).apply(features) as tf.SymbolicTensor; // [batch, latentDim]
  return tf.model({ inputs: input, outputs: [mean, logVar], name: 'encoder' });
}

/** Disposes every network's weights (tests and stages call it when done). */
export function disposeNetworks(networks: Networks): void {
  Object.values(networks).forEach((n) => n.dispose());
}
