import { describe, expect, it } from 'vitest';
import { ArtifactError } from '@genlab/artifacts';
import { encodeIdx, parseIdx } from './idx';

describe('parseIdx', () => {
  // A hand-made 2 x 2 x 3 IDX file: magic 0x00000803, dims 2, 2, 3 (big-endian), 12 bytes.
  const bytes = Uint8Array.from([0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 3, ...Array.from({ length: 12 }, (_, i) => i * 20)]);

  it('reads dims and data of a hand-made file', () => {
    const idx = parseIdx(bytes, 'tiny.idx');
    expect(idx.dims).toEqual([2, 2, 3]);
    expect(Array.from(idx.data)).toEqual([0, 20, 40, 60, 80, 100, 120, 140, 160, 180, 200, 220]);
  });

  it('reads big-endian sizes above 255', () => {
    const idx = parseIdx(encodeIdx([300], new Uint8Array(300).fill(7)), 'labels.idx');
    expect(idx.dims).toEqual([300]);
    expect(idx.data.length).toBe(300);
    expect(encodeIdx([300], idx.data).subarray(4, 8)).toEqual(Uint8Array.from([0, 0, 1, 44]));
  });

  it('rejects a truncated file, naming it and the sizes', () => {
    const err = (() => {
      try {
        parseIdx(bytes.subarray(0, bytes.length - 1), 'cut.idx');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ArtifactError);
    expect((err as Error).message).toMatch(/cut\.idx.*expected 12 data bytes for dims \[2, 2, 3\], found 11/);
  });

  it('rejects a bad magic number, a non-byte type, a short header', () => {
    expect(() => parseIdx(Uint8Array.from([1, 0, 8, 1, 0, 0, 0, 0]), 'a')).toThrow(/two zero bytes, found 0x01000801/);
    expect(() => parseIdx(Uint8Array.from([0, 0, 0x0d, 1, 0, 0, 0, 0]), 'b')).toThrow(/data type 0x08.*found 0x0d/);
    expect(() => parseIdx(Uint8Array.from([0, 0, 8, 3, 0, 0, 0, 2]), 'c')).toThrow(/header of 16 bytes/);
    expect(() => parseIdx(Uint8Array.from([0, 0]), 'd')).toThrow(ArtifactError);
  });
});
