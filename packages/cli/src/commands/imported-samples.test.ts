import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { experimentSlice, fingerprint, loadSpecFile } from '@genlab/spec';
import { squareImages, writeNpy } from '@genlab/spec/test-support/write-npy';
import { runGenlab } from '../../test-support/run-genlab';
import { makeTempWorkspace, TINY_EVALUATOR, TINY_GAN, writeSpecs } from '../../test-support/temp-workspace';

// Samples from a file, end to end through Nx: validate, run (data, the import, evaluate), a
// report that sets them beside a tiny trained GAN; the file's content in the cache key; and bad
// or missing files stopping the run with exit 2, naming the file, with nothing cached.

let root: string;
const IMPORTED = (from: string, extra = '') =>
  `seed: 3\ndata: { trainLimit: 100, testLimit: 50 }\nsamples: { from: ${from}, epoch: 5${extra} }\nevaluate: { samples: 50, precisionRecallSamples: 50 }\n`;
const npy = (f: string) => join(root, 'samples', f);
const manifestOf = (name: string, stage: string) =>
  JSON.parse(readFileSync(join(root, 'artifacts', name, 'default', stage, 'manifest.json'), 'utf8'));
const genlab = (...argv: string[]) => runGenlab(argv, root);

beforeAll(() => {
  root = makeTempWorkspace({
    'g/experiment.yaml': `name: g\n${TINY_GAN}`,
    't/experiment.yaml': `name: t\n${IMPORTED('samples/t.npy')}`,
    'm/experiment.yaml': `name: m\n${IMPORTED('samples/later.npy', ', producedBy: python3 make.py --out samples')}`,
    'e/experiment.yaml': `name: e\n${IMPORTED('samples/e5.npy', ', earlierEpochs: [{ epoch: 1, from: samples/e1.npy }, { epoch: 3, from: samples/e3.npy }]')}`,
    'evaluator/evaluator.yaml': TINY_EVALUATOR,
    'cmp/report.yaml': 'name: cmp\ntitle: Imported beside trained\nexperiments: [g, t]\nfigureExperiments: [g, t]\n',
  });
  mkdirSync(join(root, 'samples'));
  writeNpy(npy('t.npy'), '|u1', [60, 28, 28], squareImages(60));
  writeNpy(npy('e1.npy'), '|u1', [60, 28, 28], squareImages(60, 4));
  writeNpy(npy('e3.npy'), '|u1', [60, 28, 28], squareImages(60, 9));
  writeNpy(npy('e5.npy'), '|u1', [60, 28, 28], squareImages(60, 4));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('an experiment whose samples come from a file', () => {
  it('validates; a file not written yet is a warning naming the command that writes it', async () => {
    const r = await genlab('validate');
    expect(r.code).toBe(0);
    // Spec paths are shown relative to the current folder.
    const shown = (name: string) => relative(process.cwd(), join(root, 'experiments', name, 'experiment.yaml'));
    expect(r.out).toContain(`ok ${shown('t')} (experiment, 1 variant)`);
    expect(r.out).toContain(
      `ok ${shown('m')} (experiment, 1 variant)\nwarning: ${shown('m')}:4:18: samples.from: expected an existing .npy file or PNG folder (${npy('later.npy')}), found nothing there yet; genlab run will fail until it exists; it is written by: python3 make.py --out samples\n`,
    );
  });

  it('runs data, the import and evaluate, and a report compares it with a trained GAN', async () => {
    const r = await genlab('run', 'cmp');
    expect(r.code).toBe(0);
    expect(existsSync(join(root, 'artifacts', 't', 'default', 'model'))).toBe(false);
    expect(existsSync(join(root, 'artifacts', 't', 'default', 'train'))).toBe(false);
    const metrics = manifestOf('t', 'evaluate').result as {
      epoch: number;
      metrics: { fid: { value: number; samples: number }; scoresByEpoch: { epochs: { epoch: number; fid: number }[]; samples: number } };
    };
    expect(metrics.epoch).toBe(5);
    expect(metrics.metrics.fid.samples).toBe(50);
    expect(metrics.metrics.fid.value).toBeGreaterThan(0);
    // The file is one epoch's samples: its per-epoch score is the final one, on all of them.
    expect(metrics.metrics.scoresByEpoch.epochs.map((e) => [e.epoch, e.fid])).toEqual([[5, metrics.metrics.fid.value]]);
    expect(metrics.metrics.scoresByEpoch.samples).toBe(50);
    const report = join(root, 'artifacts', 'cmp', 'default', 'report');
    const md = readFileSync(join(report, 'report.md'), 'utf8');
    expect(md).toMatch(/^\| g\/default \| GAN, latent 8 \|/m);
    expect(md).toMatch(
      new RegExp(`^\\| t/default \\| IMPORTED \\| — \\| — \\| — \\| — \\| ${metrics.metrics.fid.value.toFixed(2)} \\|`, 'm'),
    );
    expect(existsSync(join(report, 'figures', 'fig1-samples-t-default.png'))).toBe(true);
  }, 400_000);

  it('earlier epochs are scored the same way as the final one, on as many samples', async () => {
    expect((await genlab('run', 'e')).code).toBe(0);
    const m = (manifestOf('e', 'evaluate').result as { metrics: Record<string, unknown> }).metrics as {
      fid: { value: number };
      scoresByEpoch: { epochs: { epoch: number; fid: number }[]; samples: number };
      coverageByEpoch: { epochs: { epoch: number; histogram: number[] }[] };
    };
    const [one, three, five] = m.scoresByEpoch.epochs;
    expect(m.scoresByEpoch.epochs.map((e) => e.epoch)).toEqual([1, 3, 5]);
    expect(m.scoresByEpoch.samples).toBe(50);
    expect(five!.fid).toBe(m.fid.value);
    // Epoch 1's file holds the same images as the final one: the same scores, through the other path.
    expect(one!.fid).toBeCloseTo(five!.fid, 9);
    expect(m.coverageByEpoch.epochs[0]!.histogram).toEqual(m.coverageByEpoch.epochs[2]!.histogram);
    expect(three!.fid).not.toBeCloseTo(five!.fid, 3);
    // An earlier epoch's file is in the cache key too (Nx's runtime input, not only the spec's text).
    const sample = manifestOf('e', 'sample');
    writeNpy(npy('e3.npy'), '|u1', [60, 28, 28], squareImages(60, 11));
    expect((await genlab('run', 'e')).code).toBe(0);
    expect(manifestOf('e', 'sample').created).not.toBe(sample.created);
  }, 300_000);

  it('the file content is in the cache key: the same file is restored, a changed one reruns the import and evaluate', async () => {
    const sample = manifestOf('t', 'sample');
    const evaluate = manifestOf('t', 'evaluate');
    expect((await genlab('run', 't')).code).toBe(0);
    expect(manifestOf('t', 'sample').created).toBe(sample.created);
    writeNpy(npy('t.npy'), '|u1', [60, 28, 28], squareImages(60, 1));
    expect((await genlab('run', 't')).code).toBe(0);
    const rerun = manifestOf('t', 'sample');
    expect(rerun.created).not.toBe(sample.created);
    expect(rerun.slice.samples.sha256).not.toBe(sample.slice.samples.sha256);
    expect(manifestOf('t', 'evaluate').created).not.toBe(evaluate.created);
  }, 200_000);

  it('a bad value stops the run with exit 2 naming the file; nothing is cached, so the next run fails the same way', async () => {
    const before = readFileSync(join(root, 'artifacts', 't', 'default', 'sample', 'manifest.json'), 'utf8');
    const values = new Float32Array(60 * 784).fill(-1);
    values[7 * 784 + 3] = NaN;
    writeNpy(npy('nan.npy'), '<f4', [60, 28, 28], values);
    writeSpecs(root, { 't/experiment.yaml': `name: t\n${IMPORTED('samples/nan.npy', ', scale: signed')}` });
    for (let i = 0; i < 2; i++) {
      const r = await genlab('run', 't');
      expect(r.code).toBe(2);
      expect(readFileSync(join(root, 'artifacts', 't', 'default', 'sample', 'manifest.json'), 'utf8')).toBe(before);
    }
    expect(failedMessage('t')).toBe(
      `${npy('nan.npy')}: expected finite values in [-1, 1] (samples.scale 'signed'), found NaN at image 7, pixel 3`,
    );
  }, 200_000);

  it('a file whose header is wrong, or one not written yet, is exit 2 before anything runs, naming it', async () => {
    writeNpy(npy('wide.npy'), '|u1', [60, 32, 32], new Uint8Array(60 * 1024));
    writeSpecs(root, { 'u/experiment.yaml': `name: u\n${IMPORTED('samples/wide.npy')}` });
    const bad = await genlab('run', 'u');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain(
      `${relative(process.cwd(), join(root, 'experiments', 'u', 'experiment.yaml'))}:4:18: samples.from: expected shape [N, 28, 28], [N, 28, 28, 1], [N, 1, 28, 28] or [N, 784], found shape [60, 32, 32] (${npy('wide.npy')})`,
    );
    expect(existsSync(join(root, 'artifacts', 'u'))).toBe(false);
    const missing = await genlab('run', 'm');
    expect(missing.code).toBe(2);
    expect(existsSync(join(root, 'artifacts', 'm', 'default', 'sample'))).toBe(false);
    expect(failedMessage('m')).toBe(
      `${npy('later.npy')}: expected the samples file of samples.from, found nothing there yet; write it first: python3 make.py --out samples`,
    );
  }, 200_000);
});

/**
 * How the sample stage's last run ended (failed.json in its work folder, named after the
 * fingerprint of the spec as it is now): the stage's own message, which Nx prints.
 */
function failedMessage(name: string): string {
  const e = loadSpecFile(join(root, 'experiments', name, 'experiment.yaml'));
  if (e.kind !== 'experiment') throw new Error('not an experiment');
  const fp = fingerprint('sample', experimentSlice(e.variants[0].spec, 'sample'));
  return JSON.parse(readFileSync(join(root, 'artifacts', '.work', name, 'default', `sample-${fp}`, 'failed.json'), 'utf8')).message;
}
