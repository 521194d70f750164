import { writeFileSync } from 'node:fs';
import { maskedCrc32c } from './crc32c';

// TensorBoard event files, written directly (tfjs-node's summary writer needs libtensorflow):
// a TFRecord stream of `tensorflow.Event` protocol buffers. Only the fields TensorBoard reads
// for scalars and images are written (tensorflow/core/util/event.proto, summary.proto):
//   Event   { double wall_time = 1; int64 step = 2; string file_version = 3; Summary summary = 5; }
//   Summary { repeated Value value = 1; }
//   Value   { string tag = 1; float simple_value = 2; Image image = 4; }
//   Image   { int32 height = 1; int32 width = 2; int32 colorspace = 3; bytes encoded_image_string = 4; }
// Record framing: uint64 length, uint32 masked CRC-32C of the length bytes, the data, uint32
// masked CRC-32C of the data, all little-endian.

/** The events file of a stage folder: TensorBoard takes any file with "tfevents" in its name. */
export const TENSORBOARD_FILE = 'events.out.tfevents.genlab';

export interface TensorBoardImage {
  /** A PNG file's bytes. */
  png: Uint8Array;
  width: number;
  height: number;
  /** 1 grey, 3 RGB, 4 RGBA. */
  channels: number;
}

export interface TensorBoardEvent {
  /** Seconds since 1970. */
  wallTime: number;
  step: number;
  scalars?: Record<string, number>;
  images?: Record<string, TensorBoardImage>;
}

/** The bytes of an events file: the file_version event, then one event per entry. */
export function encodeTensorBoardEvents(events: TensorBoardEvent[]): Buffer {
  const first = events.length > 0 ? events[0].wallTime : Date.now() / 1000;
  const records = [record(concat(double(1, first), string(3, 'brain.Event:2')))];
  for (const e of events) {
    const values = [
      ...Object.entries(e.scalars ?? {}).filter(([, v]) => Number.isFinite(v)).map(([tag, v]) => bytes(1, concat(string(1, tag), float(2, v)))),
      ...Object.entries(e.images ?? {}).map(([tag, img]) => bytes(1, concat(string(1, tag), bytes(4, concat(varintField(1, img.height), varintField(2, img.width), varintField(3, img.channels), bytes(4, img.png)))))),
    ];
    if (values.length > 0) records.push(record(concat(double(1, e.wallTime), varintField(2, e.step), bytes(5, concat(...values)))));
  }
  return Buffer.concat(records);
}

export function writeTensorBoardEvents(file: string, events: TensorBoardEvent[]): void {
  writeFileSync(file, encodeTensorBoardEvents(events));
}

/** Width, height and channels of a PNG from its IHDR chunk. */
export function pngInfo(png: Uint8Array): { width: number; height: number; channels: number } {
  const v = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const colourType = png[25];
  return { width: v.getUint32(16), height: v.getUint32(20), channels: ({ 0: 1, 2: 3, 4: 2, 6: 4 } as Record<number, number>)[colourType] ?? 1 };
}

function record(data: Buffer): Buffer {
  const head = Buffer.alloc(12);
  head.writeBigUInt64LE(BigInt(data.length), 0);
  head.writeUInt32LE(maskedCrc32c(head.subarray(0, 8)), 8);
  const tail = Buffer.alloc(4);
  tail.writeUInt32LE(maskedCrc32c(data), 0);
  return Buffer.concat([head, data, tail]);
}

function varint(n: number | bigint): Buffer {
  let x = BigInt.asUintN(64, BigInt(n));
  const out: number[] = [];
  do {
    let b = Number(x & 0x7fn);
    x >>= 7n;
    if (x > 0n) b |= 0x80;
    out.push(b);
  } while (x > 0n);
  return Buffer.from(out);
}

const key = (field: number, wire: number) => varint((field << 3) | wire);
const varintField = (field: number, n: number) => Buffer.concat([key(field, 0), varint(Math.trunc(n))]);
const bytes = (field: number, data: Uint8Array) => Buffer.concat([key(field, 2), varint(data.length), data]);
const string = (field: number, s: string) => bytes(field, Buffer.from(s, 'utf8'));
const concat = (...parts: Uint8Array[]) => Buffer.concat(parts);

function double(field: number, v: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeDoubleLE(v, 0);
  return Buffer.concat([key(field, 1), b]);
}

function float(field: number, v: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeFloatLE(v, 0);
  return Buffer.concat([key(field, 5), b]);
}
