import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, expect, it } from 'vitest';
import { readRecords, readTensorBoardEvents } from '../test-support/read-tensorboard-events';
import { crc32c, maskedCrc32c } from './crc32c';
import { encodeTensorBoardEvents, pngInfo, writeTensorBoardEvents } from './tensorboard-events';

const dir = mkdtempSync(join(tmpdir(), 'genlab-tb-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('CRC-32C gives the standard check value and TensorFlow masking', () => {
  // The check value of CRC-32C (RFC 3720, B.4): CRC of the ASCII "123456789".
  expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
  expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa); // RFC 3720 B.4: 32 bytes of zeros
  const c = 0xe3069283;
  expect(maskedCrc32c(Buffer.from('123456789'))).toBe((((c >>> 15) | (c << 17)) + 0xa282ead8) >>> 0);
});

it('writes scalars and PNG images that an independent reader reads back, with tags, steps and wall times', async () => {
  const png = await sharp(Buffer.alloc(56 * 28, 128), { raw: { width: 56, height: 28, channels: 1 } }).toColourspace('b-w').png().toBuffer();
  expect(pngInfo(png)).toEqual({ width: 56, height: 28, channels: 1 });
  const file = join(dir, 'events.out.tfevents.test');
  writeTensorBoardEvents(file, [
    { wallTime: 1_700_000_000.25, step: 4, scalars: { 'loss/dLoss': 1.5, 'loss/gLoss': 0.75 } },
    { wallTime: 1_700_000_001.5, step: 8, scalars: { 'loss/dLoss': 1.25, nan: NaN }, images: { 'samples/grid': { png, ...pngInfo(png) } } },
    { wallTime: 1_700_000_002, step: 3_000_000_000, scalars: { big: -2 } },
  ]);
  const events = readTensorBoardEvents(file);
  expect(events[0]).toMatchObject({ fileVersion: 'brain.Event:2', wallTime: 1_700_000_000.25 });
  expect(events.slice(1).map((e) => [e.step, e.wallTime, e.scalars])).toEqual([
    [4, 1_700_000_000.25, { 'loss/dLoss': 1.5, 'loss/gLoss': 0.75 }],
    [8, 1_700_000_001.5, { 'loss/dLoss': 1.25 }],
    [3_000_000_000, 1_700_000_002, { big: -2 }],
  ]);
  const img = events[2].images['samples/grid'];
  expect([img.width, img.height, img.colorspace]).toEqual([56, 28, 1]);
  expect(img.encoded.equals(png)).toBe(true);
});

it('the reader refuses a flipped byte (the CRCs are real)', () => {
  const buf = encodeTensorBoardEvents([{ wallTime: 1, step: 1, scalars: { a: 1 } }]);
  expect(readRecords(buf)).toHaveLength(2);
  const bad = Buffer.from(buf);
  bad[bad.length - 6] ^= 1;
  expect(() => readRecords(bad)).toThrow(/bad data CRC/);
  const badLen = Buffer.from(buf);
  badLen[9] ^= 1;
  expect(() => readRecords(badLen)).toThrow(/bad length CRC/);
});
