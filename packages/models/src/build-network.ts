import { tf } from '@genlab/backend';
import type { LayerSpec } from '@genlab/spec';
import { layerSeed } from './layer-seed';
import { typed, type TypedLayer } from './typed-layer';

// Turns a spec layer list into tfjs layers (paper sections 3.2.1 and 3.3 are such lists in
// the presets). Pure: builds and returns models, no I/O. Kernels use seeded Glorot-uniform
// initialisers (the Keras default the paper's TensorFlow code used) and zero biases.

export interface BuildOptions {
  /** Network name; prefixes every layer name so saved weights have stable names. */
  name: string;
  seed: number;
}

/** A functional model: `inputShape` (no batch axis) through `layers`. */
export function buildNetwork(layers: LayerSpec[], inputShape: number[], opts: BuildOptions): tf.LayersModel {
  const input = tf.input({ shape: inputShape, name: `${opts.name}_input` });
  const output = stackLayers(layers, input, opts);
  return tf.model({ inputs: input, outputs: output, name: opts.name });
}

/** Applies `layers` to `input` in order; also used for the VAE encoder body before its heads. */
export function stackLayers(layers: LayerSpec[], input: tf.SymbolicTensor, opts: BuildOptions): tf.SymbolicTensor {
  let x = input;
  layers.forEach((spec, i) => {
    const name = `${opts.name}_${String(i).padStart(2, '0')}_${spec.type}`;
    for (const layer of makeLayers(typed(spec), name, layerSeed(opts.seed, opts.name, i))) {
      x = layer.apply(x) as tf.SymbolicTensor;
    }
  });
  return x;
}

/** A dense layer outside a layer list (the VAE mean / log-variance heads). */
export function denseHead(units: number, name: string, seed: number): tf.layers.Layer {
  return tf.layers.dense({ units, name, kernelInitializer: tf.initializers.glorotUniform({ seed }), biasInitializer: 'zeros' });
}

const pair = (v: number | number[]): [number, number] => (Array.isArray(v) ? [v[0], v[1]] : [v, v]);

type Act = 'linear' | 'relu' | 'leakyRelu' | 'tanh' | 'sigmoid';

/** One spec layer -> one tfjs layer, plus a LeakyReLU layer when that is its activation. */
function makeLayers(spec: TypedLayer, name: string, seed: number): tf.layers.Layer[] {
  const kernelInitializer = tf.initializers.glorotUniform({ seed });
  switch (spec.type) {
    case 'dense':
      return withActivation(
        tf.layers.dense({
          units: spec.units,
          useBias: spec.useBias ?? true,
          kernelInitializer,
          biasInitializer: 'zeros',
          activation: builtin(spec.activation),
          name,
        }),
        spec.activation,
        spec.alpha,
        name,
      );
    case 'conv2d':
    case 'conv2dTranspose': {
      const args = {
        filters: spec.filters,
        kernelSize: pair(spec.kernel),
        strides: pair(spec.strides ?? 1),
        padding: spec.padding ?? 'same',
        useBias: spec.useBias ?? true,
        kernelInitializer,
        biasInitializer: 'zeros' as const,
        activation: builtin(spec.activation),
        name,
      };
      const layer = spec.type === 'conv2d' ? tf.layers.conv2d(args) : tf.layers.conv2dTranspose(args);
      return withActivation(layer, spec.activation, spec.alpha, name);
    }
    case 'reshape':
      return [tf.layers.reshape({ targetShape: spec.targetShape, name })];
    case 'flatten':
      return [tf.layers.flatten({ name })];
    case 'batchNorm':
      return [tf.layers.batchNormalization({ axis: -1, momentum: spec.momentum ?? 0.99, epsilon: spec.epsilon ?? 1e-3, name })];
    case 'dropout':
      return [tf.layers.dropout({ rate: spec.rate, seed, name })];
    case 'activation':
      return spec.activation === 'leakyRelu'
        ? [tf.layers.leakyReLU({ alpha: spec.alpha ?? 0.2, name })]
        : [tf.layers.activation({ activation: builtin(spec.activation), name })];
  }
  throw new RangeError(`unknown layer type '${(spec as { type: string }).type}'`);
}

/** tfjs has no 'leakyRelu' activation string; it becomes a separate layer after a linear one. */
function builtin(a: Act | undefined): 'linear' | 'relu' | 'tanh' | 'sigmoid' {
  return a === undefined || a === 'leakyRelu' ? 'linear' : a;
}

function withActivation(layer: tf.layers.Layer, a: Act | undefined, alpha: number | undefined, name: string): tf.layers.Layer[] {
  // Paper 3.2.1 / 3.3: LeakyReLU with slope 0.2 (the schema default for alpha).
  return a === 'leakyRelu' ? [layer, tf.layers.leakyReLU({ alpha: alpha ?? 0.2, name: `${name}_leaky` })] : [layer];
}
