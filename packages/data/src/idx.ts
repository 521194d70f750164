import { ArtifactError } from '@genlab/artifacts';

// Paper section 3.1: MNIST ships as IDX files (LeCun's format): a 4-byte big-endian magic
// number [0, 0, type, ndims], then ndims big-endian uint32 sizes, then the data row-major.
// We only need type 0x08 (unsigned byte), the type of every MNIST file.

/** A parsed IDX file: its dimensions (e.g. [60000, 28, 28]) and the uint8 data. */
export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

const UBYTE = 0x08;

/**
 * Parses an IDX buffer of unsigned bytes. `name` (the file path) goes into every error, so a
 * malformed file reads as "<file>: expected ..., found ..." rather than a RangeError.
 */
export function parseIdx(buf: Uint8Array, name: string): IdxArray {
  const fail = (expected: string, found: string) => new ArtifactError(name, `malformed IDX file: expected ${expected}, found ${found}`);
  if (buf.length < 4) throw fail('a 4-byte magic number', `${buf.length} bytes`);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (buf[0] !== 0 || buf[1] !== 0) throw fail('a magic number starting with two zero bytes', hex(buf.subarray(0, 4)));
  if (buf[2] !== UBYTE) throw fail(`data type 0x08 (unsigned byte)`, `0x${buf[2].toString(16).padStart(2, '0')}`);
  const ndims = buf[3];
  if (ndims < 1) throw fail('at least one dimension', '0');
  const header = 4 + 4 * ndims;
  if (buf.length < header) throw fail(`a header of ${header} bytes for ${ndims} dimensions`, `${buf.length} bytes`);
  const dims = Array.from({ length: ndims }, (_, i) => view.getUint32(4 + 4 * i, false));
  const size = dims.reduce((a, b) => a * b, 1);
  if (buf.length - header !== size) {
    throw fail(`${size} data bytes for dims [${dims.join(', ')}]`, `${buf.length - header} (file truncated or padded)`);
  }
  return { dims, data: buf.subarray(header) };
}

/** Builds an IDX buffer of unsigned bytes (the inverse of parseIdx; used by tests and tools). */
export function encodeIdx(dims: number[], data: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + data.length);
  const view = new DataView(out.buffer);
  out[2] = UBYTE;
  out[3] = dims.length;
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  out.set(data, 4 + 4 * dims.length);
  return out;
}

const hex = (b: Uint8Array) => `0x${Buffer.from(b).toString('hex')}`;
