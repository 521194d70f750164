import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { runStage } from '@genlab/artifacts';
import { experimentSlice, fingerprint, ImportedSamplesError, loadSpecFile, type LoadedExperiment } from '@genlab/spec';
import { squareImages, writeNpy } from '@genlab/spec/test-support/write-npy';
import { importSamples } from './import-samples';

// The sample stage of an imported experiment, through the real stage runner: what it writes is
// the sample artifact evaluate reads (samples.u8, count x 784 uint8, and a grid), and a file
// whose values are wrong is an ImportedSamplesError naming it, with nothing written.

const root = mkdtempSync(join(tmpdir(), 'genlab-import-stage-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
mkdirSync(join(root, 'experiments', 't'), { recursive: true });
mkdirSync(join(root, 'samples'), { recursive: true });
const samples = (f: string) => join(root, 'samples', f);
const stageDir = join(root, 'artifacts', 't', 'default', 'sample');

function loadT(samplesYaml: string): LoadedExperiment {
  const file = join(root, 'experiments', 't', 'experiment.yaml');
  writeFileSync(file, `name: t\nsamples: ${samplesYaml}\nevaluate: { samples: 20, isSplits: 2 }\n`);
  return loadSpecFile(file) as LoadedExperiment;
}

function run(e: LoadedExperiment) {
  const spec = e.variants[0].spec;
  const slice = experimentSlice(spec, 'sample');
  return runStage({
    root,
    name: 't',
    variant: 'default',
    stage: 'sample',
    spec,
    slice,
    fingerprint: fingerprint('sample', slice),
    seed: spec.seed,
    formatVersion: 1,
    dir: stageDir,
    upstreamDirs: {},
    packageVersion: '0.0.0-test',
    run: importSamples,
  });
}

describe('importSamples', () => {
  it('converts float [-1, 1] as the sample stage does ((x + 1) * 127.5, rounded) and writes samples.u8 and the epoch grid', async () => {
    const values = new Float32Array(20 * 784).fill(-1);
    values.set([1, 0, -0.5, 0.999], 0);
    writeNpy(samples('f.npy'), '<f4', [20, 784], values);
    const m = await run(loadT('{ from: samples/f.npy, epoch: 4, scale: signed }'));
    const pixels = readFileSync(join(stageDir, 'samples.u8'));
    expect(pixels.length).toBe(20 * 784);
    expect([...pixels.subarray(0, 5)]).toEqual([255, 128, 64, 255, 0]);
    expect(m.result).toMatchObject({
      kind: 'imported',
      count: 20,
      epochs: [4],
      finalEpoch: 4,
      samplesFile: 'samples.u8',
      grids: { 4: 'grids/epoch-0004.png' },
    });
    expect(m.slice).toMatchObject({ samples: { from: 'samples/f.npy', scale: 'signed', epoch: 4 } });
    const grid = await sharp(join(stageDir, 'grids', 'epoch-0004.png')).metadata();
    expect([grid.width, grid.height]).toEqual([10 * 28 + 11 * 2, 2 * 28 + 3 * 2]); // sample.grid 10 wide, 20 images, 2 px between cells
  });

  it('reads a PNG folder in name order, pixel for pixel', async () => {
    const images = squareImages(12, 3);
    mkdirSync(samples('pngs'));
    for (let i = 0; i < 12; i++) {
      await sharp(Buffer.from(images.subarray(i * 784, (i + 1) * 784)), { raw: { width: 28, height: 28, channels: 1 } })
        .toColourspace('b-w')
        .png()
        .toFile(samples(`pngs/img-${String(i).padStart(2, '0')}.png`));
    }
    await run(loadT('{ from: samples/pngs, epoch: 1 }'));
    expect(Buffer.compare(readFileSync(join(stageDir, 'samples.u8')), Buffer.from(images))).toBe(0);
  });

  it('refuses NaN, Infinity and values outside the declared scale, naming the file and the first bad pixel; the previous artifact stays', async () => {
    const before = readFileSync(join(stageDir, 'manifest.json'), 'utf8');
    const cases: [string, number, string][] = [
      ['nan.npy', NaN, 'NaN at image 3, pixel 5'],
      ['inf.npy', Infinity, 'Infinity at image 3, pixel 5'],
      ['range.npy', 1.5, '1.5 at image 3, pixel 5'],
    ];
    for (const [file, bad, found] of cases) {
      const values = new Float64Array(20 * 784).fill(0.25);
      values[3 * 784 + 5] = bad;
      writeNpy(samples(file), '<f8', [20, 28, 28], values);
      const err = await run(loadT(`{ from: samples/${file}, epoch: 1, scale: unit }`)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ImportedSamplesError);
      expect((err as Error).message).toBe(`${samples(file)}: expected finite values in [0, 1] (samples.scale 'unit'), found ${found}`);
      expect(readFileSync(join(stageDir, 'manifest.json'), 'utf8')).toBe(before);
      expect(readdirSync(join(root, 'artifacts', 't', 'default'))).toEqual(['sample']); // no temp folder left
    }
  });

  it('imports earlier epochs beside the final one: each its own .u8 and grid, listed for evaluate', async () => {
    writeNpy(samples('ep1.npy'), '|u1', [25, 28, 28], squareImages(25, 1));
    writeNpy(samples('ep2.npy'), '|u1', [20, 28, 28], squareImages(20, 2));
    const m = await run(loadT('{ from: samples/ep2.npy, epoch: 2, earlierEpochs: [{ epoch: 1, from: samples/ep1.npy }] }'));
    expect(m.result).toMatchObject({
      count: 20,
      epochs: [1, 2],
      finalEpoch: 2,
      grids: { 1: 'grids/epoch-0001.png', 2: 'grids/epoch-0002.png' },
      earlierEpochs: [{ epoch: 1, file: 'epochs/epoch-0001.u8', count: 25 }],
    });
    expect(Buffer.compare(readFileSync(join(stageDir, 'epochs', 'epoch-0001.u8')), Buffer.from(squareImages(25, 1)))).toBe(0);
    expect(Buffer.compare(readFileSync(join(stageDir, 'samples.u8')), Buffer.from(squareImages(20, 2)))).toBe(0);
    expect((await sharp(join(stageDir, 'grids', 'epoch-0001.png')).metadata()).height).toBe(3 * 28 + 4 * 2);
  });

  it('a bad earlier file fails the stage naming that file; the previous artifact stays', async () => {
    const before = readFileSync(join(stageDir, 'manifest.json'), 'utf8');
    const values = new Float32Array(20 * 784).fill(0.5);
    values[7] = NaN;
    writeNpy(samples('ep1-nan.npy'), '<f4', [20, 28, 28], values);
    writeNpy(samples('ep2-ok.npy'), '<f4', [20, 28, 28], new Float32Array(20 * 784).fill(0.5));
    const err = await run(
      loadT('{ from: samples/ep2-ok.npy, epoch: 2, scale: unit, earlierEpochs: [{ epoch: 1, from: samples/ep1-nan.npy }] }'),
    ).catch((e: unknown) => e);
    expect((err as Error).message).toBe(
      `${samples('ep1-nan.npy')}: expected finite values in [0, 1] (samples.scale 'unit'), found NaN at image 0, pixel 7`,
    );
    expect(readFileSync(join(stageDir, 'manifest.json'), 'utf8')).toBe(before);
  });

  it('a file that does not exist yet names the command that writes it', async () => {
    const err = await run(loadT('{ from: samples/later.npy, epoch: 2, producedBy: python3 bench/make.py --out samples }')).catch(
      (e: unknown) => e,
    );
    expect((err as Error).message).toBe(
      `${samples('later.npy')}: expected the samples file of samples.from, found nothing there yet; write it first: python3 bench/make.py --out samples`,
    );
  });
});

// What bench/paper_gan_torch.py writes, written by NumPy itself: its conversion line
// (`((x.squeeze(1) + 1) * 127.5).round().clip(0, 255).astype(np.uint8)`, then np.save), and the
// generator's raw float32 [N, 1, 28, 28] output, both imported to the same pixels.
const PYTHON = '/usr/bin/python3';
const numpyCheck = spawnSync(PYTHON, ['-c', 'import numpy'], { encoding: 'utf8' });
const numpyMissing = numpyCheck.status === 0 ? '' : `NumPy not importable by ${PYTHON} (apt-get install python3-numpy)`;

describe.skipIf(numpyMissing !== '')(`the bench's PyTorch samples${numpyMissing ? ` (skipped: ${numpyMissing})` : ''}`, () => {
  it('imports np.save output as the script writes it, and the raw NCHW floats to the same pixels', async () => {
    const script = [
      'import numpy as np, sys',
      'x = np.tanh(np.random.default_rng(1).standard_normal((30, 1, 28, 28))).astype(np.float32)  # [N, 1, 28, 28] in [-1, 1]',
      'pixels = ((x.squeeze(1) + 1) * 127.5).round().clip(0, 255).astype(np.uint8)',
      "np.save(sys.argv[1] + '/epoch-05.npy', pixels)",
      "np.save(sys.argv[1] + '/raw-05.npy', x)",
    ].join('\n');
    const made = spawnSync(PYTHON, ['-c', script, join(root, 'samples')], { encoding: 'utf8' });
    expect(made.status, made.stderr).toBe(0);
    await run(loadT('{ from: samples/epoch-05.npy, epoch: 5 }'));
    const fromScript = readFileSync(join(stageDir, 'samples.u8'));
    await run(loadT('{ from: samples/raw-05.npy, epoch: 5, scale: signed }'));
    const fromRaw = readFileSync(join(stageDir, 'samples.u8'));
    expect(fromScript.length).toBe(30 * 784);
    // NumPy rounds half to even, genlab half up: a float32 exactly at .5 after scaling may differ by one.
    let off = 0;
    for (let i = 0; i < fromRaw.length; i++) {
      const d = Math.abs((fromRaw[i] as number) - (fromScript[i] as number));
      expect(d).toBeLessThanOrEqual(1);
      off += d;
    }
    expect(off).toBeLessThan(fromRaw.length / 100);
  });
});
