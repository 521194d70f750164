// Test support, outside src/ so no stage key covers it: the tiny experiments every package's
// tests run, written once. They live in @genlab/spec, the package every test can import without
// a cycle. Networks small enough that a stage test trains in seconds; the paper presets have
// their own tests.

/** A tiny GAN's `model:` block (DCGAN-shaped: dense, two transposed convs; one strided conv), for tests that write the rest of the spec. */
export const TINY_GAN_MODEL = `model:
  kind: gan
  latentDim: 8
  generator:
    - { type: dense, units: 392, activation: leakyRelu }
    - { type: reshape, targetShape: [7, 7, 8] }
    - { type: conv2dTranspose, filters: 4, kernel: 3, strides: 2, activation: leakyRelu }
    - { type: conv2dTranspose, filters: 1, kernel: 3, strides: 2, activation: tanh }
  discriminator:
    - { type: conv2d, filters: 4, kernel: 3, strides: 2, activation: leakyRelu }
    - { type: flatten }
    - { type: dense, units: 1 }
`;

/** A tiny VAE's `model:` block; its Bernoulli loss wants `data: { scale: unit }`, which the test's own data block sets. */
export const TINY_VAE_MODEL = `model:
  kind: vae
  latentDim: 2
  encoder:
    - { type: conv2d, filters: 4, kernel: 3, strides: 2, activation: leakyRelu }
    - { type: flatten }
    - { type: dense, units: 16, activation: leakyRelu }
  decoder:
    - { type: dense, units: 392, activation: leakyRelu }
    - { type: reshape, targetShape: [7, 7, 8] }
    - { type: conv2dTranspose, filters: 4, kernel: 3, strides: 2, activation: leakyRelu }
    - { type: conv2dTranspose, filters: 1, kernel: 3, strides: 2, activation: sigmoid }
`;

/** A tiny GAN experiment, every stage in seconds; tests override fields with YAML appended below it. */
export const TINY_GAN = `
description: tiny GAN for tests
seed: 3
data: { trainLimit: 100, testLimit: 50 }
${TINY_GAN_MODEL}train: { epochs: 1, batchSize: 25, checkpointEvery: 1 }
sample: { count: 50, grid: 4 }
evaluate: { samples: 50, precisionRecallSamples: 50 }
`;

/** A tiny VAE experiment (Bernoulli loss on [0, 1] pixels). */
export const TINY_VAE = `
description: tiny VAE for tests
seed: 5
data: { trainLimit: 100, testLimit: 50, scale: unit }
${TINY_VAE_MODEL}train: { epochs: 2, batchSize: 25, checkpointEvery: 1 }
sample: { epochs: [1], count: 50, grid: 4, reconstructions: 4 }
evaluate: { samples: 50, precisionRecallSamples: 50, latent: { epochs: [1], points: 50 } }
`;

/**
 * A tiny evaluator for tests that run the whole pipeline: trains in seconds; its accuracy is not
 * the point of those tests. (The evaluate package's own tests use a slightly larger one that must
 * beat chance: evaluate/test-support/test-fixtures.ts tinyEvaluatorSpec.)
 */
export const TINY_EVALUATOR = `name: evaluator
trainLimit: 500
network:
  - { type: conv2d, filters: 4, kernel: 3, strides: 2, activation: relu }
  - { type: flatten }
  - { type: dense, units: 16, activation: relu }
epochs: 1
batchSize: 50
minAccuracy: 0
`;
