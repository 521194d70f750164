import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../main';
import { makeTempWorkspace, REPO_ROOT, TINY_GAN } from '../testing/temp-workspace';

const GOOD = `name: good\n${TINY_GAN}`;
const EVALUATOR = { 'evaluator/evaluator.yaml': readFileSync(join(REPO_ROOT, 'experiments/evaluator/evaluator.yaml'), 'utf8') };
const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

async function run(argv: string[], cwd: string) {
  let out = '';
  let err = '';
  const code = await main(argv, { cwd, out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

interface Case {
  why: string;
  files: Record<string, string>;
  /** `line:col` and dotted path expected in the message for experiments/bad/experiment.yaml. */
  at: string;
  path: string;
}

const withLine = (text: string, find: string, replace: string) => {
  if (!text.includes(find)) throw new Error(`test setup: '${find}' not in spec`);
  return text.replace(find, replace);
};
const bad = (text: string): Record<string, string> => ({ 'bad/experiment.yaml': text });
const badGood = (edit: (t: string) => string) => bad(edit(GOOD.replace('name: good', 'name: bad')));
// Line numbers: `name:` is line 1 and TINY_GAN starts with a blank line, so `model:` is line 6 and `train:` line 18.

const CASES: Case[] = [
  { why: 'bad YAML syntax', files: bad('name: bad\nmodel: { kind: gan\n'), at: '3:1', path: '(document)' },
  { why: 'empty file', files: bad(''), at: '1:1', path: '(document)' },
  { why: 'a list at the top level', files: bad('- name: bad\n'), at: '1:1', path: '(document)' },
  { why: 'duplicate key', files: bad('name: bad\nname: other\n'), at: '2:1', path: '(document)' },
  { why: 'unknown top-level key', files: badGood((t) => `${t}trian: { epochs: 2 }\n`), at: '21:1', path: 'trian' },
  { why: 'unknown nested key (typo)', files: badGood((t) => withLine(t, 'epochs: 1,', 'epoch: 1,')), at: '18:10', path: 'train.epoch' },
  { why: 'wrong type', files: badGood((t) => withLine(t, 'epochs: 1,', 'epochs: ten,')), at: '18:18', path: 'train.epochs' },
  { why: 'negative epochs', files: badGood((t) => withLine(t, 'epochs: 1,', 'epochs: -5,')), at: '18:18', path: 'train.epochs' },
  { why: 'unknown layer type', files: badGood((t) => withLine(t, '{ type: conv2d, filters: 4', '{ type: conv3d, filters: 4')), at: '15:7', path: 'model.discriminator.0.type' },
  { why: 'layer missing a required field', files: badGood((t) => withLine(t, 'conv2d, filters: 4, ', 'conv2d, ')), at: '15:7', path: 'model.discriminator.0.filters' },
  { why: 'shapes that cannot connect (dense on an image)', files: badGood((t) => withLine(t, '    - { type: flatten }\n', '')), at: '16:7', path: 'model.discriminator.1' },
  { why: 'generator does not end at 28x28x1', files: badGood((t) => withLine(t, 'filters: 1, kernel: 3, strides: 2, activation: tanh', 'filters: 3, kernel: 3, strides: 2, activation: tanh')), at: '13:7', path: 'model.generator.3' },
  { why: 'unknown model kind', files: badGood((t) => withLine(t, 'kind: gan', 'kind: diffusion')), at: '7:9', path: 'model.kind' },
  { why: 'missing model', files: bad('name: bad\ntrain: { epochs: 2 }\n'), at: '1:1', path: 'model' },
  { why: 'unknown preset', files: bad('name: bad\npreset: paper-gann\n'), at: '2:9', path: 'preset' },
  { why: 'name that would write outside artifacts/', files: badGood((t) => t.replace('name: bad', 'name: ../x')), at: '1:7', path: 'name' },
  { why: 'sweep over a path that does not exist', files: badGood((t) => `${t}sweep:\n  model.latentDims: [2, 4]\n`), at: '22:3', path: 'sweep.model.latentDims' },
  { why: 'sweep value that makes an invalid variant', files: badGood((t) => `${t}sweep:\n  model.latentDim: [0, 4]\n`), at: '22:3', path: 'sweep (variant latentDim-0): model.latentDim' },
  { why: 'sample epoch that is never checkpointed', files: badGood((t) => withLine(t, 'sample: { count: 50', 'sample: { epochs: [3], count: 50')), at: '19:20', path: 'sample.epochs.0' },
  { why: 'a preset value that clashes with an override (located at preset:)', files: bad('name: bad\npreset: paper-gan\ntrain: { epochs: 5 }\n'), at: '2:9', path: 'sample.epochs.0' },
  { why: 'bernoulli VAE loss on [-1, 1] pixels', files: bad('name: bad\npreset: paper-vae\ndata: { scale: signed }\n'), at: '3:16', path: 'data.scale' },
  { why: 'duplicate experiment names', files: { ...badGood((t) => t), 'bad2/experiment.yaml': GOOD.replace('name: good', 'name: bad') }, at: '1:7', path: 'name' },
];

describe('genlab validate / stage on malformed specs', () => {
  it.each(CASES)('$why: exit 2, file:line:col and path, nothing written', async (c) => {
    const root = makeTempWorkspace({ ...c.files, ...EVALUATOR, 'good/experiment.yaml': GOOD }, { packages: false });
    roots.push(root);
    const file = join(root, 'experiments', Object.keys(c.files).at(-1)!);
    const validate = await run(['validate', file], root);
    expect(validate.code).toBe(2);
    expect(validate.err).toContain(`${file.replace(root + '/', '')}:${c.at}: ${c.path}: expected`);
    const stage = await run(['stage', 'data', 'bad'], root);
    expect(stage.code).toBe(2);
    expect(existsSync(join(root, 'artifacts'))).toBe(false);
  });

  it('reports every problem of a file at once', async () => {
    const text = GOOD.replace('name: good', 'name: bad').replace('epochs: 1,', 'epochs: -1,').replace('kind: gan', 'kind: gann').replace('seed: 3', 'seed: three');
    const root = makeTempWorkspace(bad(text), { packages: false });
    roots.push(root);
    const { code, err } = await run(['validate'], root);
    expect(code).toBe(2);
    expect(err).toContain('3 problem(s)');
    for (const path of ['train.epochs', 'model.kind', 'seed']) expect(err).toContain(`: ${path}: expected`);
  });

  it('accepts a valid workspace and says what it found', async () => {
    const root = makeTempWorkspace({ ...EVALUATOR, 'good/experiment.yaml': GOOD, 'sweep/experiment.yaml': `name: sweep\n${TINY_GAN}sweep:\n  model.latentDim: [2, 4]\n  seed: [1, 2]\n` }, { packages: false });
    roots.push(root);
    const { code, out } = await run(['validate'], root);
    expect(code).toBe(0);
    expect(out).toContain('experiments/sweep/experiment.yaml (experiment, 4 variants)');
  });

  it('rejects an unknown command and a variant that would leave artifacts/', async () => {
    const root = makeTempWorkspace({ ...EVALUATOR, 'good/experiment.yaml': GOOD }, { packages: false });
    roots.push(root);
    expect((await run(['frobnicate'], root)).code).toBe(2);
    const escape = await run(['stage', 'data', 'good', '--variant', '../x'], root);
    expect(escape.code).toBe(2);
    expect(escape.err).toContain("no variant '../x'");
    expect(existsSync(join(root, 'artifacts'))).toBe(false);
  });
});
