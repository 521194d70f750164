import { Type, type Static, type TSchema } from '@sinclair/typebox';

// Networks are data: a list of layers, each an object with a `type` discriminator.
// The JSON Schema uses `oneOf` + ajv's `discriminator`, so a bad layer gets one clear error
// ("unknown layer type" or "layer conv2d: filters must be ...") instead of one per branch.

export const ACTIVATIONS = ['linear', 'relu', 'leakyRelu', 'tanh', 'sigmoid'] as const;

const Activation = Type.Union(
  ACTIVATIONS.map((a) => Type.Literal(a)),
  {
    description: 'Activation applied after the layer. leakyRelu uses `alpha` (paper: 0.2).',
    default: 'linear',
  },
);

const Alpha = Type.Number({
  minimum: 0,
  maximum: 1,
  default: 0.2,
  description: 'Negative slope of leakyRelu (paper sections 3.2.1 and 3.3: 0.2).',
});

const PosInt = (description: string, extra: object = {}) => Type.Integer({ minimum: 1, description, ...extra });

const Pair = (description: string, dflt?: number) =>
  Type.Union([PosInt(description), Type.Array(PosInt(description), { minItems: 2, maxItems: 2 })], {
    description: `${description} An integer, or [height, width].`,
    ...(dflt === undefined ? {} : { default: dflt }),
  });

const Padding = Type.Union([Type.Literal('same'), Type.Literal('valid')], {
  default: 'same',
  description: "'same' keeps ceil(size / stride); 'valid' uses no padding.",
});

const UseBias = Type.Boolean({ default: true, description: 'Whether the layer adds a bias.' });

function layer<N extends string, P extends Record<string, TSchema>>(name: N, description: string, props: P) {
  return Type.Object({ type: Type.Literal(name, { description: 'Layer type.' }), ...props }, { additionalProperties: false, description });
}

export const DenseLayer = layer('dense', 'Fully connected layer on a flat input.', {
  units: PosInt('Number of output units.'),
  activation: Activation,
  alpha: Alpha,
  useBias: UseBias,
});

export const ReshapeLayer = layer('reshape', 'Reshape to [height, width, channels] or [units].', {
  targetShape: Type.Array(PosInt('Dimension size.'), {
    minItems: 1,
    maxItems: 3,
    description: 'Target shape without the batch axis, e.g. [7, 7, 128].',
  }),
});

const convProps = {
  filters: PosInt('Number of output channels.'),
  kernel: Pair('Kernel size.'),
  strides: Pair('Stride.', 1),
  padding: Padding,
  activation: Activation,
  alpha: Alpha,
  useBias: UseBias,
};

export const Conv2dLayer = layer('conv2d', '2-D convolution (NHWC).', convProps);
export const Conv2dTransposeLayer = layer(
  'conv2dTranspose',
  '2-D transposed convolution (NHWC); with stride 2 and same padding it doubles height and width.',
  convProps,
);
export const FlattenLayer = layer('flatten', 'Flatten [h, w, c] to [h*w*c].', {});
export const BatchNormLayer = layer('batchNorm', 'Batch normalisation over the last axis.', {
  momentum: Type.Number({ minimum: 0, maximum: 1, default: 0.99, description: 'Moving-average momentum.' }),
  epsilon: Type.Number({ exclusiveMinimum: 0, default: 0.001, description: 'Added to the variance.' }),
});
export const DropoutLayer = layer('dropout', 'Dropout during training only.', {
  rate: Type.Number({ minimum: 0, exclusiveMaximum: 1, description: 'Fraction of units dropped.' }),
});
export const ActivationLayer = layer('activation', 'A standalone activation.', {
  activation: Activation,
  alpha: Alpha,
});

export const LAYER_TYPES = ['dense', 'reshape', 'conv2d', 'conv2dTranspose', 'flatten', 'batchNorm', 'dropout', 'activation'] as const;

const layerUnion = Type.Union([
  DenseLayer,
  ReshapeLayer,
  Conv2dLayer,
  Conv2dTransposeLayer,
  FlattenLayer,
  BatchNormLayer,
  DropoutLayer,
  ActivationLayer,
]);

/** One layer; `type` picks the branch (ajv discriminator). */
export const LayerSchema = Type.Unsafe<Static<typeof layerUnion>>({
  oneOf: layerUnion.anyOf,
  discriminator: { propertyName: 'type' },
  required: ['type'],
  type: 'object',
  description: `One layer. \`type\` is one of: ${LAYER_TYPES.join(', ')}.`,
});

export const NetworkSchema = (description: string) => Type.Array(LayerSchema, { minItems: 1, description });

export type LayerSpec = Static<typeof layerUnion>;
export type DenseLayerSpec = Static<typeof DenseLayer>;
export type ConvLayerSpec = Static<typeof Conv2dLayer> | Static<typeof Conv2dTransposeLayer>;
export type Activation = (typeof ACTIVATIONS)[number];
