import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { extname, isAbsolute, join, resolve } from 'node:path';
import { MAX_IMPORTED_SAMPLES } from './schema/experiment-schema';

// Samples from files instead of training (`samples: { from }`, docs/imported-samples.md). What
// can be known without reading the pixels is checked here, from headers and sizes only, so a
// 1 GB file named by mistake costs a few bytes of reading: `genlab validate` reports it at the
// `from:` line, and the sample stage checks the same again before it reads anything.

const PIXELS = 784;
const NPY_MAGIC = Buffer.from('\x93NUMPY', 'latin1');
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Bytes of one pixel per .npy dtype we read (little-endian; '|u1' and '<u1' are the same). */
const NPY_DTYPES: Record<string, { dtype: NpyDtype; bytes: number }> = {
  '|u1': { dtype: 'uint8', bytes: 1 },
  '<u1': { dtype: 'uint8', bytes: 1 },
  '<f4': { dtype: 'float32', bytes: 4 },
  '<f8': { dtype: 'float64', bytes: 8 },
};
const SHAPES = '[N, 28, 28], [N, 28, 28, 1], [N, 1, 28, 28] or [N, 784]';

export type NpyDtype = 'uint8' | 'float32' | 'float64';

/** What a sample file holds, known from its header (.npy) or from every file's PNG header (folder). */
export type ImportedSamplesLayout =
  | { format: 'npy'; path: string; count: number; dtype: NpyDtype; shape: number[]; dataOffset: number; bytesPerPixel: number }
  | { format: 'png'; path: string; count: number; files: string[] };

/** A sample file that is not what `samples.from` promises: the CLI maps it to exit 2. */
export class ImportedSamplesError extends Error {
  override readonly name = 'ImportedSamplesError';
  constructor(
    readonly file: string,
    readonly expected: string,
    readonly found: string,
    readonly hint?: string,
  ) {
    super(`${file}: expected ${expected}, found ${found}${hint ? `; ${hint}` : ''}`);
  }
}

/** `from` resolved against the workspace root (the folder that holds experiments/), or as given when absolute. */
export function importedSamplesPath(root: string, from: string): string {
  return isAbsolute(from) ? from : resolve(root, from);
}

/** The layout of a .npy file or PNG folder, from headers only. Throws ImportedSamplesError (and an fs error when missing). */
export function inspectImportedSamples(path: string): ImportedSamplesLayout {
  const st = statSync(path);
  if (st.isDirectory()) return inspectPngFolder(path);
  if (extname(path).toLowerCase() !== '.npy') {
    throw new ImportedSamplesError(
      path,
      'a .npy file or a folder of PNG files',
      `a file named '${extname(path) || 'without an extension'}'`,
    );
  }
  return inspectNpy(path, st.size);
}

function readHead(path: string, length: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(length);
    return buf.subarray(0, readSync(fd, buf, 0, length, 0));
  } finally {
    closeSync(fd);
  }
}

/** NumPy format 1.0/2.0/3.0: magic, version, header length, a Python dict literal, then C-order data. */
function inspectNpy(path: string, size: number): ImportedSamplesLayout {
  const bad = (expected: string, found: string, hint?: string) => new ImportedSamplesError(path, expected, found, hint);
  const head = readHead(path, 12);
  if (head.length < 10 || !head.subarray(0, 6).equals(NPY_MAGIC))
    throw bad('a .npy file (it starts with \\x93NUMPY)', `${size} bytes that are not one`);
  const major = head[6] as number;
  if (major < 1 || major > 3) throw bad('.npy format version 1, 2 or 3', `version ${major}`);
  const lengthBytes = major === 1 ? 2 : 4;
  const headerLength = major === 1 ? head.readUInt16LE(8) : head.readUInt32LE(8);
  const dataOffset = 8 + lengthBytes + headerLength;
  if (headerLength > 65536 || dataOffset > size)
    throw bad('a .npy header of at most 64 kB inside the file', `a header of ${headerLength} bytes in a file of ${size}`);
  const header = readHead(path, dataOffset)
    .subarray(8 + lengthBytes)
    .toString('latin1');
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined)
    throw bad("a .npy header with 'descr', 'fortran_order' and 'shape'", `'${header.trim().slice(0, 120)}'`);
  const type = NPY_DTYPES[descr];
  if (!type) throw bad('dtype uint8, float32 or float64 (little-endian)', `dtype '${descr}'`);
  if (fortran === 'True')
    throw bad('C order (fortran_order False)', 'fortran_order True', 'save it with np.save(path, np.ascontiguousarray(a))');
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(Number);
  const okShape =
    (shape.length === 3 && shape[1] === 28 && shape[2] === 28) ||
    (shape.length === 4 && shape[1] === 28 && shape[2] === 28 && shape[3] === 1) ||
    (shape.length === 4 && shape[1] === 1 && shape[2] === 28 && shape[3] === 28) || // PyTorch's NCHW: the same bytes
    (shape.length === 2 && shape[1] === PIXELS);
  if (!okShape || !shape.every((n) => Number.isInteger(n))) throw bad(`shape ${SHAPES}`, `shape [${shape.join(', ')}]`);
  const count = shape[0] as number;
  if (count < 1 || count > MAX_IMPORTED_SAMPLES) throw bad(`between 1 and ${MAX_IMPORTED_SAMPLES} images`, `${count}`);
  const expectedSize = dataOffset + count * PIXELS * type.bytes;
  if (size !== expectedSize) throw bad(`${expectedSize} bytes (its header says ${count} x 784 ${type.dtype})`, `${size} bytes`);
  return { format: 'npy', path, count, dtype: type.dtype, shape, dataOffset, bytesPerPixel: type.bytes };
}

/** Every entry must be a 28x28 8-bit grayscale PNG (checked in its IHDR chunk); read in name order. */
function inspectPngFolder(path: string): ImportedSamplesLayout {
  const entries = readdirSync(path, { withFileTypes: true }).filter((d) => !d.name.startsWith('.'));
  if (entries.length === 0) throw new ImportedSamplesError(path, 'a folder of 28x28 grayscale PNG files', 'an empty folder');
  const other = entries.find((d) => !d.isFile() || extname(d.name).toLowerCase() !== '.png');
  if (other)
    throw new ImportedSamplesError(
      join(path, other.name),
      'only .png files in the samples folder',
      other.isFile() ? `a file named '${other.name}'` : `a folder '${other.name}'`,
    );
  if (entries.length > MAX_IMPORTED_SAMPLES)
    throw new ImportedSamplesError(path, `at most ${MAX_IMPORTED_SAMPLES} PNG files`, `${entries.length}`);
  const files = entries.map((d) => d.name).sort();
  for (const f of files) {
    const file = join(path, f);
    const head = readHead(file, 33);
    if (head.length < 33 || !head.subarray(0, 8).equals(PNG_SIGNATURE) || head.toString('latin1', 12, 16) !== 'IHDR') {
      throw new ImportedSamplesError(file, 'a PNG file', 'a file whose header is not a PNG header');
    }
    const [width, height, depth, color] = [head.readUInt32BE(16), head.readUInt32BE(20), head[24], head[25]];
    if (width !== 28 || height !== 28) throw new ImportedSamplesError(file, 'a 28x28 image', `${width}x${height}`);
    if (depth !== 8 || color !== 0)
      throw new ImportedSamplesError(
        file,
        'an 8-bit grayscale PNG (bit depth 8, colour type 0)',
        `bit depth ${depth}, colour type ${color}`,
      );
  }
  return { format: 'png', path, count: files.length, files };
}

/** Scale a layout requires: uint8 .npy and PNGs hold [0, 255]; a float array's range must be declared. */
export function scaleProblem(
  layout: ImportedSamplesLayout,
  scale: 'uint8' | 'signed' | 'unit',
): { expected: string; found: string } | null {
  const float = layout.format === 'npy' && layout.dtype !== 'uint8';
  if (float && scale === 'uint8')
    return {
      expected: "samples.scale 'signed' ([-1, 1]) or 'unit' ([0, 1]) for a float array (the range is never guessed)",
      found: `'uint8' for ${layout.format === 'npy' ? layout.dtype : ''} ${layout.path}`,
    };
  if (!float && scale !== 'uint8')
    return { expected: `samples.scale 'uint8' for ${layout.format === 'png' ? 'PNG files' : 'a uint8 array'}`, found: `'${scale}'` };
  return null;
}

const hashMemo = new Map<string, string>();

/**
 * SHA-256 of the samples' content: of the file, or of a folder's sorted "name sha256" lines.
 * Streamed in 1 MB pieces; remembered per path, size and mtime, since every command that builds
 * the graph loads every spec.
 */
export function importedSamplesSha256(layout: ImportedSamplesLayout): string {
  if (layout.format === 'npy') return fileSha256(layout.path);
  const lines = layout.files.map((f) => `${f} ${fileSha256(join(layout.path, f))}\n`).join('');
  return createHash('sha256').update(lines).digest('hex');
}

function fileSha256(path: string): string {
  const st = statSync(path);
  const key = `${path}\0${st.size}\0${st.mtimeMs}`;
  const known = hashMemo.get(key);
  if (known) return known;
  const hash = createHash('sha256');
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(1 << 20);
    for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0;) hash.update(buf.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  const digest = hash.digest('hex');
  hashMemo.set(key, digest);
  return digest;
}

/** Whether `from` names something on disk yet (a missing file is a warning in validate, an error in run). */
export function importedSamplesExist(root: string, from: string): boolean {
  return existsSync(importedSamplesPath(root, from));
}

/** One file an imported experiment reads, and where the spec names it (for errors). */
export interface ImportedSampleFile {
  epoch: number;
  from: string;
  /** YAML path of its `from`. */
  at: (string | number)[];
}

/** samples.earlierEpochs' files in order, then samples.from at samples.epoch. */
export function importedSampleFiles(s: {
  from: string;
  epoch: number;
  earlierEpochs?: { epoch: number; from: string }[];
}): ImportedSampleFile[] {
  const earlier = (s.earlierEpochs ?? []).map((e, i) => ({ epoch: e.epoch, from: e.from, at: ['samples', 'earlierEpochs', i, 'from'] }));
  return [...earlier, { epoch: s.epoch, from: s.from, at: ['samples', 'from'] }];
}

/**
 * The content hash in the sample stage's key: with one file its own hash (what it was before
 * earlier epochs existed, so those keys still hold), with several a hash of their
 * "epoch sha256" lines.
 */
export function combinedSha256(files: { epoch: number; sha256: string }[]): string {
  if (files.length === 1) return (files[0] as { sha256: string }).sha256;
  return createHash('sha256')
    .update(files.map((f) => `${f.epoch} ${f.sha256}\n`).join(''))
    .digest('hex');
}
