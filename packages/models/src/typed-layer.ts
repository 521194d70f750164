import type { Static } from '@sinclair/typebox';
import type {
  ActivationLayer,
  BatchNormLayer,
  Conv2dLayer,
  Conv2dTransposeLayer,
  DenseLayer,
  DropoutLayer,
  FlattenLayer,
  LayerSpec,
  ReshapeLayer,
} from '@genlab/spec';

// @genlab/spec's LayerSpec types `type` as string (its schema helper widens the literal), so a
// `switch (layer.type)` does not narrow. This is the same union with literal discriminators;
// the schema guarantees the correspondence at load time.
type Typed<S, K extends string> = Omit<S, 'type'> & { type: K };

export type TypedLayer =
  | Typed<Static<typeof DenseLayer>, 'dense'>
  | Typed<Static<typeof ReshapeLayer>, 'reshape'>
  | Typed<Static<typeof Conv2dLayer>, 'conv2d'>
  | Typed<Static<typeof Conv2dTransposeLayer>, 'conv2dTranspose'>
  | Typed<Static<typeof FlattenLayer>, 'flatten'>
  | Typed<Static<typeof BatchNormLayer>, 'batchNorm'>
  | Typed<Static<typeof DropoutLayer>, 'dropout'>
  | Typed<Static<typeof ActivationLayer>, 'activation'>;

export const typed = (layer: LayerSpec): TypedLayer => layer as unknown as TypedLayer;
