import { closeSync, existsSync, mkdirSync, openSync, readSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { StageError, type StageContext, type StageResult } from '@genlab/artifacts';
import { encodeGridPng } from '@genlab/data';
import {
  combinedSha256,
  ImportedSamplesError,
  importedSampleFiles,
  importedSamplesPath,
  importedSamplesSha256,
  inspectImportedSamples,
  scaleProblem,
  type ExperimentSpec,
  type ImportedSampleFile,
  type ImportedSamplesLayout,
} from '@genlab/spec';
import { epochName } from './train-checkpoints';

const PIXELS = 784;
/** Images converted per read: bounds memory to this many float64 images (6 MB), whatever the file's size. */
const CHUNK_IMAGES = 1000;

/** An earlier epoch's imported samples in the sample artifact: scored by evaluate for coverage per epoch. */
export interface EarlierEpochSamples {
  epoch: number;
  /** count x 784 uint8, relative to the artifact. */
  file: string;
  count: number;
}

/**
 * The sample stage of an experiment whose samples come from a file (`samples: { from }`):
 * checks each file (header, then every value: finite and inside the declared scale), converts it
 * to the sample artifact every sample stage writes (samples.u8: count x 784 uint8, and a grid at
 * `samples.epoch`), so evaluate and reports treat it like a trained model's samples. The files
 * of `samples.earlierEpochs` become `epochs/epoch-XXXX.u8` with a grid each. Any problem is an
 * ImportedSamplesError (exit 2) naming the file; the runner then keeps nothing.
 */
export async function importSamples(ctx: StageContext<ExperimentSpec>): Promise<StageResult> {
  const s = ctx.spec.samples;
  if (!s) throw new StageError(`importSamples: ${ctx.name} has no samples.from`);
  const files = importedSampleFiles(s).map((f) => ({ ...f, layout: inspectFile(ctx, f) }));
  // The graph was keyed on the hash taken when the spec was loaded; samples that changed since
  // would be cached under the old content's key.
  const sha256 = combinedSha256(files.map((f) => ({ epoch: f.epoch, sha256: importedSamplesSha256(f.layout) })));
  if (sha256 !== s.sha256)
    throw new StageError(
      `${files.map((f) => f.layout.path).join(', ')} changed after this command loaded it (sha256 ${s.sha256?.slice(0, 16)} then, ${sha256.slice(0, 16)} now); run it again`,
    );
  mkdirSync(join(ctx.outDir, 'grids'), { recursive: true });
  const grids: Record<number, string> = {};
  const earlier: EarlierEpochSamples[] = [];
  for (const [i, f] of files.entries()) {
    const pixels = f.layout.format === 'npy' ? readNpyPixels(f.layout, s.scale) : await readPngPixels(f.layout);
    const final = i === files.length - 1;
    const file = final ? 'samples.u8' : `epochs/${epochName(f.epoch)}.u8`;
    if (!final) mkdirSync(join(ctx.outDir, 'epochs'), { recursive: true });
    writeFileSync(join(ctx.outDir, file), pixels);
    if (!final) earlier.push({ epoch: f.epoch, file, count: f.layout.count });
    const grid = ctx.spec.sample.grid;
    const shown = Math.min(grid * grid, f.layout.count);
    grids[f.epoch] = `grids/${epochName(f.epoch)}.png`;
    writeFileSync(join(ctx.outDir, grids[f.epoch]!), await encodeGridPng(pixels.subarray(0, shown * PIXELS), shown, Math.min(grid, shown)));
    const layout = f.layout;
    const described = layout.format === 'npy' ? `${layout.dtype} [${layout.shape.join(', ')}]` : `${layout.count} PNG files`;
    ctx.log.info(
      { from: f.from, epoch: f.epoch, count: layout.count },
      `imported ${layout.count} samples of epoch ${f.epoch} from ${f.from} (${described}, scale ${s.scale})`,
    );
  }
  const layout = files[files.length - 1]!.layout;
  return {
    result: {
      kind: 'imported',
      count: layout.count,
      epochs: files.map((f) => f.epoch),
      finalEpoch: s.epoch,
      samplesFile: 'samples.u8',
      grids,
      interpolations: {},
      ...(earlier.length > 0 ? { earlierEpochs: earlier } : {}),
      imported: {
        from: s.from,
        sha256,
        format: layout.format,
        ...(layout.format === 'npy' ? { dtype: layout.dtype, shape: layout.shape } : {}),
        scale: s.scale,
      },
    },
    backend: null,
  };
}

/** The layout of one named file, or an ImportedSamplesError saying what is wrong with it. */
function inspectFile(ctx: StageContext<ExperimentSpec>, file: ImportedSampleFile): ImportedSamplesLayout {
  const s = ctx.spec.samples!;
  const path = importedSamplesPath(ctx.root, file.from);
  if (!existsSync(path)) {
    throw new ImportedSamplesError(
      path,
      `the samples file of ${file.at.join('.')}`,
      'nothing there yet',
      s.producedBy ? `write it first: ${s.producedBy}` : 'write it first (samples.producedBy can name the command that does)',
    );
  }
  const layout = inspectImportedSamples(path);
  const scale = scaleProblem(layout, s.scale);
  if (scale) throw new ImportedSamplesError(path, scale.expected, scale.found);
  return layout;
}

/** uint8 [count * 784] from a .npy, a chunk at a time; float values must be finite and inside the scale. */
function readNpyPixels(layout: Extract<ImportedSamplesLayout, { format: 'npy' }>, scale: 'uint8' | 'signed' | 'unit'): Uint8Array {
  const out = new Uint8Array(layout.count * PIXELS);
  const perImage = PIXELS * layout.bytesPerPixel;
  const buf = Buffer.alloc(CHUNK_IMAGES * perImage);
  const [lo, hi, mul, add] = scale === 'signed' ? [-1, 1, 127.5, 127.5] : [0, 1, 255, 0];
  const fd = openSync(layout.path, 'r');
  try {
    for (let first = 0; first < layout.count; first += CHUNK_IMAGES) {
      const n = Math.min(CHUNK_IMAGES, layout.count - first);
      const bytes = n * perImage;
      if (readSync(fd, buf, 0, bytes, layout.dataOffset + first * perImage) !== bytes)
        throw new ImportedSamplesError(layout.path, `${layout.count} images`, 'a file that ended early (it changed while being read?)');
      if (layout.dtype === 'uint8') {
        out.set(buf.subarray(0, bytes), first * PIXELS);
        continue;
      }
      const values =
        layout.dtype === 'float32'
          ? new Float32Array(buf.buffer, buf.byteOffset, n * PIXELS)
          : new Float64Array(buf.buffer, buf.byteOffset, n * PIXELS);
      for (let i = 0; i < values.length; i++) {
        const x = values[i] as number;
        if (!(x >= lo && x <= hi)) {
          const at = `image ${first + Math.floor(i / PIXELS)}, pixel ${i % PIXELS}`;
          throw new ImportedSamplesError(
            layout.path,
            `finite values in [${lo}, ${hi}] (samples.scale '${scale}')`,
            `${Number.isNaN(x) ? 'NaN' : x} at ${at}`,
          );
        }
        out[first * PIXELS + i] = Math.round(x * mul + add);
      }
    }
  } finally {
    closeSync(fd);
  }
  return out;
}

/** uint8 [count * 784] from 28x28 grayscale PNGs in name order (their headers were checked). */
async function readPngPixels(layout: Extract<ImportedSamplesLayout, { format: 'png' }>): Promise<Uint8Array> {
  const out = new Uint8Array(layout.count * PIXELS);
  for (let i = 0; i < layout.files.length; i++) {
    const file = join(layout.path, layout.files[i] as string);
    let data: Buffer;
    try {
      ({ data } = await sharp(file).extractChannel(0).raw().toBuffer({ resolveWithObject: true }));
    } catch (err) {
      throw new ImportedSamplesError(file, 'a readable PNG file', `one sharp cannot decode (${(err as Error).message})`);
    }
    if (data.length !== PIXELS) throw new ImportedSamplesError(file, 'a 28x28 grayscale image', `${data.length} pixels`);
    out.set(data, i * PIXELS);
  }
  return out;
}
