import type { tf } from '@genlab/backend';

/** The two networks of the DCGAN (paper 3.2.1); the discriminator ends in one logit. */
export interface GanNetworks {
  generator: tf.LayersModel;
  discriminator: tf.LayersModel;
}

/** The conv VAE (paper 3.3): the encoder outputs [mean, logVar], the decoder an image. */
export interface VaeNetworks {
  encoder: tf.LayersModel;
  decoder: tf.LayersModel;
}
