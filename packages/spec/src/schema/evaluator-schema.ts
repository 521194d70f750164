import { Type, type Static } from '@sinclair/typebox';
import { MNIST_TRAIN_SIZE, NAME_PATTERN } from './experiment-schema';
import { NetworkSchema } from './layer-schema';

// The MNIST classifier whose features and probabilities stand in for Inception's
// (TF-GAN's mnist_frechet_distance / mnist_score practice; docs/design.md "Evaluation without
// Inception weights"). Trained once, cached as its own Nx target, shared by every experiment.

export const EvaluatorSchema = Type.Object(
  {
    name: Type.String({ pattern: NAME_PATTERN, description: 'Name experiments refer to in evaluate.evaluator.' }),
    description: Type.String({ default: '', description: 'What this evaluator is.' }),
    seed: Type.Integer({ minimum: 0, maximum: 2147483647, default: 7, description: 'Seeds init and shuffling.' }),
    backend: Type.Union(
      [Type.Literal('auto'), Type.Literal('tensorflow'), Type.Literal('native'), Type.Literal('wasm'), Type.Literal('cpu')],
      {
        default: 'auto',
        description: 'tfjs backend (native: wasm with oneDNN kernels); GENLAB_BACKEND overrides, GENLAB_THREADS sets the threads.',
      },
    ),
    trainLimit: Type.Union([Type.Integer({ minimum: 10, maximum: MNIST_TRAIN_SIZE }), Type.Null()], {
      default: null,
      description: 'Class-balanced subset of the training set; null = all 60,000 (the most there are).',
    }),
    network: NetworkSchema(
      'Classifier body on images in [0, 1]: [28, 28, 1] -> flat features (at most 512; these feed FID and precision/recall). A dense softmax head of 10 classes is added.',
    ),
    epochs: Type.Integer({ minimum: 1, maximum: 1000, default: 3, description: 'Training epochs.' }),
    batchSize: Type.Integer({ minimum: 1, maximum: 65536, default: 128, description: 'Images per step.' }),
    learningRate: Type.Number({ exclusiveMinimum: 0, maximum: 1, default: 0.001, description: 'Adam learning rate.' }),
    learningRateDecay: Type.Number({
      exclusiveMinimum: 0,
      maximum: 1,
      default: 1,
      description: 'The learning rate is multiplied by this after every epoch (1 = constant).',
    }),
    minAccuracy: Type.Number({ minimum: 0, maximum: 1, default: 0.99, description: 'The stage fails if test accuracy ends below this.' }),
    pinned: Type.Union(
      [
        Type.Object(
          {
            weights: Type.String({
              minLength: 1,
              description:
                "Folder, relative to the workspace, holding the classifier as model.json and weights.bin (a copy of an evaluator artifact's classifier/).",
            }),
            sha256: Type.String({
              pattern: '^[0-9a-f]{64}$',
              description: 'SHA-256 of its weights.bin; the stage refuses any other file.',
            }),
          },
          { additionalProperties: false },
        ),
        Type.Null(),
      ],
      {
        default: null,
        description:
          'Use these published weights instead of training: every machine then scores with the same classifier (training at another thread count or on another CPU rounds differently). The network above must match them; epochs, batchSize and the learning rates are not used.',
      },
    ),
  },
  { additionalProperties: false, $id: 'https://genlab.dev/schema/evaluator.json', description: 'A genlab evaluator (MNIST classifier).' },
);

export type EvaluatorSpec = Static<typeof EvaluatorSchema>;
