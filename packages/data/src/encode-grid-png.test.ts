import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { encodeGridPng } from './encode-grid-png';

// Ten images; image n has every pixel equal to 20 * n, so cells are recognisable.
const images = new Uint8Array(10 * 784);
for (let n = 0; n < 10; n++) images.fill(20 * n, n * 784, (n + 1) * 784);

describe('encodeGridPng', () => {
  it('lays images out in rows of `cols`, padded and upscaled', async () => {
    const png = await encodeGridPng(images, 10, 4, { pad: 2, scale: 3 });
    const meta = await sharp(png).metadata();
    expect(meta.format).toBe('png');
    // 4 columns, 3 rows: (4 * 28 + 5 * 2) * 3 by (3 * 28 + 4 * 2) * 3.
    expect([meta.width, meta.height]).toEqual([366, 276]);
    const { data, info } = await sharp(png).greyscale().raw().toBuffer({ resolveWithObject: true });
    const at = (x: number, y: number) => data[(y * info.width + x) * info.channels];
    expect(at(0, 0)).toBe(96); // padding
    expect(at((2 + 28 + 2 + 5) * 3, (2 + 5) * 3)).toBe(20); // image 1, first row, second column
    expect(at((2 + 5) * 3, (2 + 28 + 2 + 5) * 3)).toBe(80); // image 4 starts the second row
  });

  it('defaults to no upscale and fits fewer images than columns', async () => {
    const meta = await sharp(await encodeGridPng(images, 3, 8)).metadata();
    expect([meta.width, meta.height]).toEqual([3 * 28 + 4 * 2, 28 + 2 * 2]);
  });

  it('rejects more images than the buffer holds', async () => {
    await expect(encodeGridPng(images, 11, 4)).rejects.toThrow(/need 1\.\.10 images/);
  });
});
