import { tensorFilledInPlace, tf } from '@genlab/backend';
import { PIXELS, IMAGE_SIZE } from './read-mnist';

// Paper section 3.1 scales pixels to [-1, 1] ('signed', for the tanh generator); the Bernoulli
// VAE uses [0, 1] ('unit'). Images stay uint8 on disk and are scaled only here, on the way in,
// and undone by tensorToUint8 on the way out.

export type PixelScale = 'signed' | 'unit';

/** uint8 -> float for each of the 256 values (a lookup is the cheapest conversion per pixel). */
const TABLES: Record<PixelScale, Float32Array> = {
  signed: Float32Array.from({ length: 256 }, (_, v) => v / 127.5 - 1),
  unit: Float32Array.from({ length: 256 }, (_, v) => v / 255),
};

/**
 * Images `start` .. `start + count` of a row-major uint8 buffer as a float tensor
 * [count, 28, 28, 1], scaled to [-1, 1] ('signed') or [0, 1] ('unit'). The caller disposes it.
 */
export function toImageTensor(images: Uint8Array, count: number, scale: PixelScale, start = 0): tf.Tensor4D {
  const table = TABLES[scale];
  if (!table) throw new RangeError(`toImageTensor: scale must be 'signed' or 'unit', found '${String(scale)}'`);
  if (!Number.isInteger(count) || !Number.isInteger(start) || count < 0 || start < 0 || (start + count) * PIXELS > images.length) {
    throw new RangeError(
      `toImageTensor: images ${start}..${start + count} are outside a buffer of ${Math.floor(images.length / PIXELS)} images`,
    );
  }
  // On wasm the pixels are converted straight into the tensor's memory in the wasm heap: 60,000
  // images took 1.3 s on the first call through staging chunks, upload copies and a concat
  // (every fresh 4 KiB page costs ~11 us on our VMs; this touches the 188 MB once).
  return tensorFilledInPlace([count, IMAGE_SIZE, IMAGE_SIZE, 1], (out) => fill(out, images, start, table)) as tf.Tensor4D;
}

/** Writes table[pixel] of images start .. start + out.length / 784 into `out`. */
function fill(out: Float32Array, images: Uint8Array, start: number, table: Float32Array): Float32Array {
  for (let i = 0, j = start * PIXELS; i < out.length; i++, j++) out[i] = table[images[j]];
  return out;
}

/**
 * Model output (e.g. generator tanh in [-1, 1], or decoder sigmoid in [0, 1]) back to uint8,
 * rounded and clamped, row-major [n * 784]. Does not dispose `images`.
 */
export function tensorToUint8(images: tf.Tensor, scale: PixelScale): Uint8Array {
  if (scale !== 'signed' && scale !== 'unit')
    throw new RangeError(`tensorToUint8: scale must be 'signed' or 'unit', found '${String(scale)}'`);
  const values = images.dataSync() as Float32Array;
  const out = new Uint8Array(values.length);
  const [mul, add] = scale === 'signed' ? [127.5, 127.5] : [255, 0];
  for (let i = 0; i < values.length; i++) {
    const v = Math.round(values[i] * mul + add);
    out[i] = v < 0 ? 0 : v > 255 ? 255 : v; // NaN becomes 0 through the typed-array store
  }
  return out;
}
