import { writeFileSync } from 'node:fs';

/** Writes a NumPy .npy (format 1.0, C order) as np.save does: the header padded to 64 bytes with a newline. */
export function writeNpy(
  path: string,
  descr: string,
  shape: number[],
  data: Uint8Array | Float32Array | Float64Array,
  opts: { fortran?: boolean } = {},
): void {
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ');
  let header = `{'descr': '${descr}', 'fortran_order': ${opts.fortran ? 'True' : 'False'}, 'shape': (${dims}), }`;
  const unpadded = 10 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const head = Buffer.alloc(10);
  Buffer.from('\x93NUMPY', 'latin1').copy(head);
  head[6] = 1;
  head[7] = 0;
  head.writeUInt16LE(header.length, 8);
  writeFileSync(path, Buffer.concat([head, Buffer.from(header, 'latin1'), Buffer.from(data.buffer, data.byteOffset, data.byteLength)]));
}

/** `count` 28x28 uint8 images: a bright square whose place depends on the image, on black. */
export function squareImages(count: number, seed = 0): Uint8Array {
  const out = new Uint8Array(count * 784);
  for (let i = 0; i < count; i++) {
    const x = (i * 7 + seed) % 20;
    const y = (i * 3 + seed * 5) % 20;
    for (let r = y; r < y + 8; r++) for (let c = x; c < x + 8; c++) out[i * 784 + r * 28 + c] = 200 + ((i + seed) % 56);
  }
  return out;
}
