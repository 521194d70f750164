import type { LayerSpec } from './schema/layer-schema';

/** Shape without the batch axis: [units] or [height, width, channels]. */
export type Shape = number[];

export interface ShapeMismatch {
  /** Index of the offending layer, or the list length when the final shape is wrong. */
  index: number;
  expected: string;
  found: string;
}

export const pair = (v: number | number[]): [number, number] => (Array.isArray(v) ? [v[0], v[1]] : [v, v]);
const fmt = (s: Shape) => `[${s.join(', ')}]`;

/**
 * Follows a layer list from `input` and returns each layer's output shape, or the first layer
 * whose input cannot connect. Mirrors tfjs' shape rules so a bad spec fails at load time with
 * file:line:col, not minutes later inside tfjs.
 */
export function inferShapes(layers: LayerSpec[], input: Shape, output?: Shape): { shapes: Shape[]; mismatch?: ShapeMismatch } {
  const shapes: Shape[] = [];
  let shape = input;
  for (const [index, layer] of layers.entries()) {
    const next = step(layer, shape);
    if (typeof next === 'string') return { shapes, mismatch: { index, expected: next, found: `input of shape ${fmt(shape)}` } };
    shapes.push(next);
    shape = next;
  }
  if (output && fmt(shape) !== fmt(output)) {
    return {
      shapes,
      mismatch: { index: layers.length, expected: `the network to end in shape ${fmt(output)}`, found: `shape ${fmt(shape)}` },
    };
  }
  return { shapes };
}

function step(layer: LayerSpec, s: Shape): Shape | string {
  switch (layer.type) {
    case 'dense':
      return s.length === 1 ? [layer.units] : 'a flat input for dense (add a flatten layer before it)';
    case 'flatten':
      return [s.reduce((a, b) => a * b, 1)];
    case 'reshape': {
      const size = (x: Shape) => x.reduce((a, b) => a * b, 1);
      return size(layer.targetShape) === size(s)
        ? [...layer.targetShape]
        : `an input of ${size(layer.targetShape)} values for reshape to ${fmt(layer.targetShape)}`;
    }
    case 'conv2d':
    case 'conv2dTranspose': {
      if (s.length !== 3) return `an input of shape [height, width, channels] for ${layer.type} (add a reshape layer before it)`;
      const [kh, kw] = pair(layer.kernel);
      const [sh, sw] = pair(layer.strides ?? 1);
      const padding = layer.padding ?? 'same';
      const dim = (n: number, k: number, st: number) =>
        layer.type === 'conv2d'
          ? padding === 'same'
            ? Math.ceil(n / st)
            : Math.ceil((n - k + 1) / st)
          : padding === 'same'
            ? n * st
            : (n - 1) * st + Math.max(k, st);
      const h = dim(s[0], kh, sh);
      const w = dim(s[1], kw, sw);
      return h >= 1 && w >= 1 ? [h, w, layer.filters] : `an input larger than the ${kh}x${kw} kernel with padding 'valid'`;
    }
    default:
      return [...s];
  }
}

/** Trainable parameters of a layer list (dense/conv weights and biases, batch-norm gamma/beta). */
export function countParams(layers: LayerSpec[], input: Shape): number {
  let shape = input;
  let total = 0;
  for (const layer of layers) {
    const next = step(layer, shape);
    if (typeof next === 'string') throw new Error(`countParams: ${next}`);
    const inC = shape[shape.length - 1];
    if (layer.type === 'dense') total += inC * layer.units + (layer.useBias === false ? 0 : layer.units);
    if (layer.type === 'conv2d' || layer.type === 'conv2dTranspose') {
      const [kh, kw] = pair(layer.kernel);
      total += kh * kw * inC * layer.filters + (layer.useBias === false ? 0 : layer.filters);
    }
    if (layer.type === 'batchNorm') total += 2 * inC;
    shape = next;
  }
  return total;
}
