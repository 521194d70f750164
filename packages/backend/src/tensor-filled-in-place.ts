// A new float32 tensor whose values a callback writes straight into the backend's memory. On
// wasm (and native, which is wasm) that is the wasm heap: no staging array and no upload copy,
// so a 60,000-image dataset touches its 188 MB once instead of three times (staging chunks,
// their heap copies, then the concatenated tensor).
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { tf } from './tf';
import { f32Offset, heapF32 } from './kernels/wasm/wasm-tensors';

/** `fill` receives a view of exactly shape's size; the caller disposes the returned tensor. */
export function tensorFilledInPlace(shape: number[], fill: (values: Float32Array) => void): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  if (tf.getBackend() !== 'wasm' || size === 0) {
    // cpu and tensorflow keep (or copy once from) the array they are given
    const values = new Float32Array(size);
    fill(values);
    return tf.tensor(values, shape, 'float32');
  }
  const backend = tf.backend() as unknown as BackendWasm;
  const info = backend.makeOutput(shape, 'float32');
  const offset = f32Offset(backend, info);
  fill(heapF32(backend).subarray(offset, offset + size)); // the view after the allocation grew the heap
  return tf.engine().makeTensorFromTensorInfo(info) as tf.Tensor;
}
