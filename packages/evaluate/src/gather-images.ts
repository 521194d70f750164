import { tf } from '@genlab/backend';

const PIXELS = 784;
const UNIT = Float32Array.from({ length: 256 }, (_, v) => v / 255);

/**
 * Images indices[start .. start + count) of a row-major uint8 buffer as [count, 28, 28, 1] in
 * [0, 1] (the evaluator's scale, docs/artifacts.md). For shuffled batches; contiguous ranges can
 * use toImageTensor from @genlab/data. The caller disposes the tensor.
 */
export function gatherImages(images: Uint8Array, indices: ArrayLike<number>, start: number, count: number): tf.Tensor4D {
  const values = new Float32Array(count * PIXELS);
  for (let b = 0; b < count; b++) {
    const src = indices[start + b] * PIXELS;
    for (let p = 0; p < PIXELS; p++) values[b * PIXELS + p] = UNIT[images[src + p]];
  }
  return tf.tensor4d(values, [count, 28, 28, 1]);
}

/** One-hot labels [count, classes] for labels[indices[start .. start + count)]. */
export function gatherOneHot(labels: Uint8Array, indices: ArrayLike<number>, start: number, count: number, classes: number): tf.Tensor2D {
  const values = new Float32Array(count * classes);
  for (let b = 0; b < count; b++) values[b * classes + labels[indices[start + b]]] = 1;
  return tf.tensor2d(values, [count, classes]);
}

/** Rows `indices` of a row-major buffer with `width` values per row, as one contiguous copy. */
export function pickRows<T extends Uint8Array | Float32Array>(data: T, indices: ArrayLike<number>, width: number): T {
  const out = new (data.constructor as { new (n: number): T })(indices.length * width);
  for (let i = 0; i < indices.length; i++) out.set(data.subarray(indices[i] * width, indices[i] * width + width), i * width);
  return out;
}
