/**
 * The paper's own numbers (section 3.8, 3.8.1, 3.8.2). They were computed on Inception-v3
 * features; ours use the pipeline's MNIST classifier (docs/design.md "Evaluation without Inception
 * weights"), so the absolute values are not comparable, only the ordering of models.
 */
export const PAPER_FIGURES = {
  gan: { fid: 18.24, is: 2.76 },
  vae: { fid: 28.56, reconstruction: 0.092 },
} as const;

export const PAPER_NOTE =
  "The paper's figures (GAN FID 18.24, GAN IS 2.76, VAE FID 28.56, VAE reconstruction error 0.092; sections 3.8-3.8.2) " +
  'were computed with Inception features. Ours are classifier-FID and classifier-IS on the features and logits of the ' +
  "pipeline's own MNIST classifier (named with its fingerprint below), so their absolute values are not comparable with " +
  "the paper's; compare models with each other and with the real-data reference rows. The paper does not say which " +
  'reconstruction error it reports; ours is the per-pixel mean squared error on the [0, 1] scale (and the binary cross-entropy).';
