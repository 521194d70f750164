import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { squareImages, writeNpy } from '../test-support/write-npy';
import { loadSpecFile, type LoadedExperiment } from './load-spec';
import { SpecError, formatIssue } from './spec-error';
import { experimentSlice, fingerprint } from './stage-slice';

// `samples: { from }` checked the way genlab validate sees it: from headers and sizes only,
// every problem at the `from:` (or `scale:`) line, naming the file and what was expected.

const root = mkdtempSync(join(tmpdir(), 'genlab-imported-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const specFile = join(root, 'experiments', 't', 'experiment.yaml');
mkdirSync(join(root, 'experiments', 't'), { recursive: true });
mkdirSync(join(root, 'samples'), { recursive: true });

const spec = (samples: string, extra = '') => `name: t\n${extra}samples: ${samples}\nevaluate: { samples: 50, isSplits: 2 }\n`;
function load(text: string): LoadedExperiment {
  writeFileSync(specFile, text);
  return loadSpecFile(specFile) as LoadedExperiment;
}
function problems(text: string): string[] {
  try {
    load(text);
  } catch (err) {
    if (err instanceof SpecError) return err.issues.map((i) => formatIssue(i).replace(`${specFile}:`, ''));
    throw err;
  }
  return [];
}
const at = (f: string) => join(root, 'samples', f);
const grayPng = (file: string, side: number) =>
  sharp(Buffer.alloc(side * side, 77), { raw: { width: side, height: side, channels: 1 } })
    .toColourspace('b-w')
    .png()
    .toFile(file);

describe('a valid samples file', () => {
  it('loads, with the file content hash in the sample stage slice, so a changed byte changes the fingerprint', () => {
    writeNpy(at('ok.npy'), '|u1', [20, 28, 28], squareImages(20));
    const e = load(spec('{ from: samples/ok.npy, epoch: 3, producedBy: make it }'));
    expect(e.warnings).toEqual([]);
    expect(e.spec.samples?.sha256).toBe(
      createHash('sha256')
        .update(readFileSync(at('ok.npy')))
        .digest('hex'),
    );
    expect(experimentSlice(e.spec, 'sample')).toEqual({
      seed: 42,
      samples: { from: 'samples/ok.npy', epoch: 3, scale: 'uint8', sha256: e.spec.samples?.sha256 },
    });
    const before = fingerprint('sample', experimentSlice(e.spec, 'sample'));
    const images = squareImages(20);
    images[100] ^= 1;
    writeNpy(at('ok.npy'), '|u1', [20, 28, 28], images);
    expect(
      fingerprint('sample', experimentSlice(load(spec('{ from: samples/ok.npy, epoch: 3, producedBy: make it }')).spec, 'sample')),
    ).not.toBe(before);
  });

  it('accepts [N, 784] float32 with a declared scale, [N, 28, 28, 1] float64, and a folder of 28x28 grayscale PNGs', async () => {
    writeNpy(at('flat.npy'), '<f4', [4, 784], new Float32Array(4 * 784).fill(-1));
    expect(load(spec('{ from: samples/flat.npy, epoch: 1, scale: signed }')).spec.samples?.sha256).toMatch(/^[0-9a-f]{64}$/);
    writeNpy(at('chan.npy'), '<f8', [4, 28, 28, 1], new Float64Array(4 * 784).fill(0.5));
    expect(problems(spec('{ from: samples/chan.npy, epoch: 1, scale: unit }'))).toEqual([]);
    mkdirSync(at('pngs'));
    for (let i = 0; i < 4; i++) await grayPng(at(`pngs/${i}.png`), 28);
    expect(load(spec('{ from: samples/pngs, epoch: 1 }')).spec.samples?.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('a samples file that does not exist yet', () => {
  it('is a warning at the from: field naming the command that writes it, not a problem', () => {
    const e = load(spec('{ from: samples/later.npy, epoch: 5, producedBy: python3 make.py }'));
    expect(e.spec.samples?.sha256).toBeNull();
    expect(e.warnings.map(formatIssue)).toEqual([
      `${specFile}:2:18: samples.from: expected an existing .npy file or PNG folder (${at('later.npy')}), found nothing there yet; genlab run will fail until it exists; it is written by: python3 make.py`,
    ]);
  });
});

describe('bad samples files are problems at the from: field, naming the file', () => {
  const bad = (file: string, text = spec(`{ from: samples/${file}, epoch: 1 }`)) => problems(text);

  it('wrong extension, wrong dtype, Fortran order, wrong shape, a truncated array', () => {
    writeFileSync(at('x.csv'), '1,2,3\n');
    expect(bad('x.csv')).toEqual([
      `2:18: samples.from: expected a .npy file or a folder of PNG files, found a file named '.csv' (${at('x.csv')})`,
    ]);
    writeNpy(at('i4.npy'), '<i4', [2, 28, 28], new Uint8Array(2 * 784 * 4));
    expect(bad('i4.npy')).toEqual([
      `2:18: samples.from: expected dtype uint8, float32 or float64 (little-endian), found dtype '<i4' (${at('i4.npy')})`,
    ]);
    writeNpy(at('f.npy'), '|u1', [20, 28, 28], squareImages(20), { fortran: true });
    expect(bad('f.npy')[0]).toContain(`found fortran_order True (${at('f.npy')})`);
    writeNpy(at('s.npy'), '|u1', [20, 32, 32], new Uint8Array(20 * 1024));
    expect(bad('s.npy')).toEqual([
      `2:18: samples.from: expected shape [N, 28, 28], [N, 28, 28, 1], [N, 1, 28, 28] or [N, 784], found shape [20, 32, 32] (${at('s.npy')})`,
    ]);
    writeNpy(at('cut.npy'), '|u1', [20, 28, 28], squareImages(20));
    const whole = statSync(at('cut.npy')).size;
    truncateSync(at('cut.npy'), whole - 784);
    expect(bad('cut.npy')).toEqual([
      `2:18: samples.from: expected ${whole} bytes (its header says 20 x 784 uint8), found ${whole - 784} bytes (${at('cut.npy')})`,
    ]);
  });

  it('a 1 GB file named by mistake is refused from its first bytes (sparse files: nothing is written or read)', () => {
    truncateSync((closeSync(openSync(at('big.npy'), 'w')), at('big.npy')), 1 << 30);
    expect(bad('big.npy')).toEqual([
      `2:18: samples.from: expected a .npy file (it starts with \\x93NUMPY), found 1073741824 bytes that are not one (${at('big.npy')})`,
    ]);
    // A real .npy header in front of 1 GB: 1,369,000 images are more than an experiment may import.
    writeNpy(at('huge.npy'), '|u1', [1369000, 28, 28], new Uint8Array(0));
    truncateSync(at('huge.npy'), 64 + 1369000 * 784);
    expect(bad('huge.npy')).toEqual([`2:18: samples.from: expected between 1 and 100000 images, found 1369000 (${at('huge.npy')})`]);
  });

  it('a float array needs its scale declared; a uint8 one must not claim another; too few images for evaluate', () => {
    writeNpy(at('f4.npy'), '<f4', [20, 28, 28], new Float32Array(20 * 784));
    expect(bad('f4.npy')[0]).toMatch(
      /^2:18: samples\.from: expected samples\.scale 'signed' \(\[-1, 1\]\) or 'unit' \(\[0, 1\]\) for a float array/,
    );
    writeNpy(at('u8.npy'), '|u1', [20, 28, 28], squareImages(20));
    expect(problems(spec('{ from: samples/u8.npy, epoch: 1, scale: signed }'))).toEqual([
      "2:51: samples.scale: expected samples.scale 'uint8' for a uint8 array, found 'signed'",
    ]);
    writeNpy(at('few.npy'), '|u1', [3, 28, 28], squareImages(3));
    expect(bad('few.npy')).toEqual([
      `2:18: samples.from: expected at least 4 images (evaluate.isSplits 2, evaluate.precisionRecallK + 1 = 4), found 3 in ${at('few.npy')}`,
    ]);
  });

  it('an empty folder, a non-PNG file in it, a PNG of the wrong size or colour type', async () => {
    mkdirSync(at('empty'));
    expect(bad('empty')).toEqual([
      `2:18: samples.from: expected a folder of 28x28 grayscale PNG files, found an empty folder (${at('empty')})`,
    ]);
    mkdirSync(at('mixed'));
    await grayPng(at('mixed/a.png'), 28);
    writeFileSync(at('mixed/notes.txt'), 'x');
    expect(bad('mixed')).toEqual([
      `2:18: samples.from: expected only .png files in the samples folder, found a file named 'notes.txt' (${at('mixed/notes.txt')})`,
    ]);
    mkdirSync(at('big-png'));
    await grayPng(at('big-png/a.png'), 32);
    expect(bad('big-png')).toEqual([`2:18: samples.from: expected a 28x28 image, found 32x32 (${at('big-png/a.png')})`]);
    mkdirSync(at('rgb'));
    await sharp({ create: { width: 28, height: 28, channels: 3, background: { r: 9, g: 0, b: 0 } } })
      .png()
      .toFile(at('rgb/a.png'));
    expect(bad('rgb')).toEqual([
      `2:18: samples.from: expected an 8-bit grayscale PNG (bit depth 8, colour type 0), found bit depth 8, colour type 2 (${at('rgb/a.png')})`,
    ]);
    writeFileSync(at('mixed/notes.txt'), '');
    rmSync(at('mixed/notes.txt'));
    writeFileSync(at('mixed/b.png'), 'not a png at all, just text named .png');
    expect(bad('mixed')).toEqual([
      `2:18: samples.from: expected a PNG file, found a file whose header is not a PNG header (${at('mixed/b.png')})`,
    ]);
  });

  it('an imported experiment has no model, preset, train or sample section', () => {
    writeNpy(at('ok2.npy'), '|u1', [20, 28, 28], squareImages(20));
    expect(problems(spec('{ from: samples/ok2.npy, epoch: 1 }', 'train: { epochs: 3 }\n'))[0]).toBe(
      '2:8: train: expected no train section in an experiment whose samples come from a file (samples.from), found a train section; remove it, or remove samples to train a model',
    );
    expect(
      problems(spec('{ from: samples/ok2.npy, epoch: 1 }', 'preset: paper-gan\n')).some((p) =>
        p.startsWith('2:9: preset: expected no preset section'),
      ),
    ).toBe(true);
    expect(problems('name: t\nseed: 1\n')).toEqual([
      '1:1: model: expected a model (kind, latentDim, layers; or a preset), or samples: { from } to import samples instead of training, found neither',
    ]);
  });
});

describe('earlier epochs (samples.earlierEpochs)', () => {
  const withEarlier = (earlier: string) =>
    `name: t\nsamples:\n  from: samples/e3.npy\n  epoch: 3\n  earlierEpochs: ${earlier}\nevaluate: { samples: 50, isSplits: 2 }\n`;
  writeNpy(at('e1.npy'), '|u1', [60, 28, 28], squareImages(60));
  writeNpy(at('e2.npy'), '|u1', [60, 28, 28], squareImages(60, 1));
  writeNpy(at('e3.npy'), '|u1', [60, 28, 28], squareImages(60, 2));
  writeNpy(at('e-few.npy'), '|u1', [30, 28, 28], squareImages(30));
  const sha = (f: string) =>
    createHash('sha256')
      .update(readFileSync(at(f)))
      .digest('hex');

  it('hashes every file into the slice: a changed earlier file changes the fingerprint; one file keeps its own hash', () => {
    const e = load(withEarlier('[{ epoch: 1, from: samples/e1.npy }, { epoch: 2, from: samples/e2.npy }]'));
    expect(e.warnings).toEqual([]);
    const lines = `1 ${sha('e1.npy')}\n2 ${sha('e2.npy')}\n3 ${sha('e3.npy')}\n`;
    expect(e.spec.samples?.sha256).toBe(createHash('sha256').update(lines).digest('hex'));
    const before = fingerprint('sample', experimentSlice(e.spec, 'sample'));
    writeNpy(at('e1.npy'), '|u1', [60, 28, 28], squareImages(60, 3));
    const after = load(withEarlier('[{ epoch: 1, from: samples/e1.npy }, { epoch: 2, from: samples/e2.npy }]'));
    expect(fingerprint('sample', experimentSlice(after.spec, 'sample'))).not.toBe(before);
    expect(load(spec('{ from: samples/e3.npy, epoch: 3 }')).spec.samples?.sha256).toBe(sha('e3.npy'));
  });

  it('epochs must ascend below samples.epoch; each file is checked and located at its own from: line', () => {
    expect(problems(withEarlier('[{ epoch: 2, from: samples/e1.npy }, { epoch: 2, from: samples/e2.npy }]'))).toEqual([
      '5:28: samples.earlierEpochs.0.epoch: expected epochs ascending, below earlierEpochs[1].epoch (2), found 2',
    ]);
    expect(problems(withEarlier('[{ epoch: 3, from: samples/e1.npy }]'))).toEqual([
      '5:28: samples.earlierEpochs.0.epoch: expected epochs ascending, below samples.epoch (3), found 3',
    ]);
    expect(problems(withEarlier('[{ epoch: 1, from: samples/e-few.npy }]'))).toEqual([
      '5:37: samples.earlierEpochs.0.from: expected at least 50 images (as many as evaluate scores from samples.from), found 30',
    ]);
    writeFileSync(at('e0.txt'), 'text');
    expect(problems(withEarlier('[{ epoch: 1, from: samples/e0.txt }]'))).toEqual([
      `5:37: samples.earlierEpochs.0.from: expected a .npy file or a folder of PNG files, found a file named '.txt' (${at('e0.txt')})`,
    ]);
  });

  it('a missing earlier file is a warning at its line, and the stage has no hash yet', () => {
    const e = load(withEarlier('[{ epoch: 1, from: samples/not-yet.npy }]'));
    expect(e.warnings.map((w) => formatIssue(w).replace(`${specFile}:`, ''))[0]).toMatch(
      /^5:37: samples\.earlierEpochs\.0\.from: expected an existing/,
    );
    expect(e.spec.samples?.sha256).toBeNull();
  });
});
