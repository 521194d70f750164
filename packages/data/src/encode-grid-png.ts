import sharp from 'sharp';
import { IMAGE_SIZE, PIXELS } from './read-mnist';

// Sample grids (paper figure 1 and the per-epoch grids of section 3.4) as PNG. Shared by train
// (fixed-noise grid each epoch) and sample (grids, interpolations, reconstructions).

export interface GridOptions {
  /** Pixels between cells and around the border, before upscaling. Default 2. */
  pad?: number;
  /** Integer upscale factor (nearest neighbour, so pixels stay crisp). Default 1. */
  scale?: number;
  /** Grey level of the padding. Default 96: visible between black MNIST backgrounds. */
  padValue?: number;
}

/** `count` 28x28 uint8 images laid out `cols` per row, as a greyscale PNG. */
export async function encodeGridPng(images: Uint8Array, count: number, cols: number, opts: GridOptions = {}): Promise<Buffer> {
  const { pad = 2, scale = 1, padValue = 96 } = opts;
  if (!Number.isInteger(count) || count < 1 || count * PIXELS > images.length) {
    throw new RangeError(`encodeGridPng: need 1..${Math.floor(images.length / PIXELS)} images, found count ${count}`);
  }
  if (!Number.isInteger(cols) || cols < 1) throw new RangeError(`encodeGridPng: cols must be a positive integer, found ${cols}`);
  if (!Number.isInteger(scale) || scale < 1 || !Number.isInteger(pad) || pad < 0) {
    throw new RangeError(`encodeGridPng: pad must be an integer >= 0 and scale an integer >= 1, found pad ${pad}, scale ${scale}`);
  }
  const grid = layoutGrid(images, count, cols, pad, padValue);
  const up = upscale(grid.pixels, grid.width, grid.height, scale);
  return sharp(up, { raw: { width: grid.width * scale, height: grid.height * scale, channels: 1 } })
    .png()
    .toBuffer();
}

function layoutGrid(images: Uint8Array, count: number, cols: number, pad: number, padValue: number) {
  const c = Math.min(cols, count);
  const rows = Math.ceil(count / c);
  const width = c * IMAGE_SIZE + (c + 1) * pad;
  const height = rows * IMAGE_SIZE + (rows + 1) * pad;
  const pixels = new Uint8Array(width * height).fill(padValue);
  for (let n = 0; n < count; n++) {
    const x0 = pad + (n % c) * (IMAGE_SIZE + pad);
    const y0 = pad + Math.floor(n / c) * (IMAGE_SIZE + pad);
    for (let y = 0; y < IMAGE_SIZE; y++) {
      const src = n * PIXELS + y * IMAGE_SIZE;
      pixels.set(images.subarray(src, src + IMAGE_SIZE), (y0 + y) * width + x0);
    }
  }
  return { pixels, width, height };
}

function upscale(pixels: Uint8Array, width: number, height: number, s: number): Uint8Array {
  if (s === 1) return pixels;
  const out = new Uint8Array(width * s * height * s);
  for (let y = 0; y < height * s; y++) {
    const row = Math.floor(y / s) * width;
    for (let x = 0; x < width * s; x++) out[y * width * s + x] = pixels[row + Math.floor(x / s)];
  }
  return out;
}
