import { readFileSync } from 'node:fs';

// A reader of TensorBoard event files written apart from the writer (packages/artifacts
// tensorboard-events.ts), for tests: its own CRC-32C (bit by bit, not by table), its own
// protocol-buffer decoding (any field, any order; unknown fields skipped), and every record's
// two checksums checked. Python's tensorboard package (its event_file_loader) would be the
// first choice; it is not installable here.

export interface ReadEvent {
  wallTime: number;
  step: number;
  fileVersion?: string;
  scalars: Record<string, number>;
  images: Record<string, { height: number; width: number; colorspace: number; encoded: Buffer }>;
}

function crc32cBitwise(data: Uint8Array): number {
  let crc = ~0 >>> 0;
  for (const byte of data) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = (crc >>> 1) ^ (0x82f63b78 & -(crc & 1));
  }
  return ~crc >>> 0;
}

const masked = (data: Uint8Array) => {
  const c = crc32cBitwise(data);
  return (((c >>> 15) | (c << 17)) + 0xa282ead8) >>> 0;
};

/** The records of a TFRecord file; throws naming the offset of a bad length or data CRC. */
export function readRecords(buf: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let at = 0;
  while (at < buf.length) {
    if (buf.length - at < 12) throw new Error(`truncated record header at byte ${at}`);
    const len = Number(buf.readBigUInt64LE(at));
    if (buf.readUInt32LE(at + 8) !== masked(buf.subarray(at, at + 8))) throw new Error(`bad length CRC at byte ${at}`);
    const data = buf.subarray(at + 12, at + 12 + len);
    if (data.length !== len || buf.length < at + 16 + len) throw new Error(`truncated record at byte ${at}`);
    if (buf.readUInt32LE(at + 12 + len) !== masked(data)) throw new Error(`bad data CRC at byte ${at}`);
    out.push(data);
    at += 16 + len;
  }
  return out;
}

type Field = { field: number; wire: number; value: bigint | Buffer };

function fields(buf: Buffer): Field[] {
  const out: Field[] = [];
  let at = 0;
  const readVarint = (): bigint => {
    let x = 0n;
    let shift = 0n;
    for (;;) {
      const b = buf[at++];
      if (b === undefined) throw new Error('truncated varint');
      x |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return x;
      shift += 7n;
    }
  };
  while (at < buf.length) {
    const k = Number(readVarint());
    const field = k >> 3;
    const wire = k & 7;
    if (wire === 0) out.push({ field, wire, value: readVarint() });
    else if (wire === 1) (out.push({ field, wire, value: buf.subarray(at, at + 8) }), (at += 8));
    else if (wire === 5) (out.push({ field, wire, value: buf.subarray(at, at + 4) }), (at += 4));
    else if (wire === 2) {
      const len = Number(readVarint());
      out.push({ field, wire, value: buf.subarray(at, at + len) });
      at += len;
    } else throw new Error(`unsupported wire type ${wire}`);
  }
  return out;
}

export function readTensorBoardEvents(file: string): ReadEvent[] {
  return readRecords(readFileSync(file)).map((rec) => {
    const ev: ReadEvent = { wallTime: NaN, step: 0, scalars: {}, images: {} };
    for (const f of fields(rec)) {
      if (f.field === 1 && f.wire === 1) ev.wallTime = (f.value as Buffer).readDoubleLE(0);
      else if (f.field === 2 && f.wire === 0) ev.step = Number(BigInt.asIntN(64, f.value as bigint));
      else if (f.field === 3 && f.wire === 2) ev.fileVersion = (f.value as Buffer).toString('utf8');
      else if (f.field === 5 && f.wire === 2) {
        for (const v of fields(f.value as Buffer).filter((x) => x.field === 1)) {
          const vf = fields(v.value as Buffer);
          const tag = (vf.find((x) => x.field === 1)!.value as Buffer).toString('utf8');
          const simple = vf.find((x) => x.field === 2 && x.wire === 5);
          const image = vf.find((x) => x.field === 4 && x.wire === 2);
          if (simple) ev.scalars[tag] = (simple.value as Buffer).readFloatLE(0);
          if (image) {
            const im = fields(image.value as Buffer);
            const n = (i: number) => Number((im.find((x) => x.field === i)?.value as bigint | undefined) ?? 0n);
            ev.images[tag] = { height: n(1), width: n(2), colorspace: n(3), encoded: im.find((x) => x.field === 4)!.value as Buffer };
          }
        }
      }
    }
    return ev;
  });
}
