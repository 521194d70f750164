import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSpecFile } from './load-spec';
import { SpecError, formatIssue } from './spec-error';

// Errors where the mistake is: at the key that holds the bad value, with a "did you mean" from
// the schema, and one error (with its fix) per cause.

const dir = mkdtempSync(join(tmpdir(), 'genlab-spec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function problems(text: string): string[] {
  const file = join(dir, 'x', 'experiment.yaml');
  mkdirSync(join(dir, 'x'), { recursive: true });
  writeFileSync(file, text);
  try {
    loadSpecFile(file);
  } catch (err) {
    if (err instanceof SpecError) return err.issues.map((i) => formatIssue(i).replace(`${file}:`, ''));
    throw err;
  }
  return [];
}

describe('loadSpecFile errors', () => {
  it('puts a sweep over a field that does not exist at its own key, with the closest field', () => {
    const text =
      'name: x\npreset: paper-gan\nseed: 1\ndata: { trainLimit: 5000 }\nsweep:\n  model.latentDim: [2, 10]\n  train.optimizer.lr: [0.001, 0.0002]\n';
    expect(problems(text)).toEqual([
      "7:3: sweep.train.optimizer.lr: expected the dotted path of an existing scalar field (e.g. model.latentDim), found 'train.optimizer.lr' (did you mean 'train.optimizer.learningRate'?)",
    ]);
    expect(problems('name: x\npreset: paper-vae\nsweep:\n  trian.epochs: [1, 2]\n')[0]).toContain("(did you mean 'train.epochs'?)");
  });

  it('puts a bad swept value at the value, once for all the variants it is in', () => {
    expect(problems('name: x\npreset: paper-gan\nsweep:\n  model.latentDim: [0, 4]\n  seed: [1, 2]\n')).toEqual([
      '4:21: sweep.model.latentDim.0: expected a number >= 1, found number 0 (variants latentDim-0_seed-1, latentDim-0_seed-2)',
    ]);
    expect(problems('name: x\npreset: paper-gan\nsweep:\n  train.epochs: [5, 60]\n')).toEqual([
      '4:18: sweep.train.epochs.0: expected a value that checkpoints the epochs sample.epochs asks for, found 5 (variant epochs-5); train.epochs is 5 but sample.epochs from preset paper-gan asks for 10, 20, 50: set sample.epochs',
    ]);
  });

  it('suggests the known key closest to an unknown one', () => {
    expect(problems('name: x\npreset: paper-gan\ntrain: { optimzer: { learningRate: 0.1 } }\n')[0]).toMatch(
      /^3:10: train\.optimzer: .*found unknown key 'optimzer' \(did you mean 'optimizer'\?\)$/,
    );
  });

  it('gives one error, with the fix, when train.epochs cuts off the epochs a preset asks for', () => {
    expect(problems('name: x\npreset: paper-gan\ntrain: { epochs: 1 }\n')).toEqual([
      '3:18: train.epochs: expected a value that checkpoints the epochs sample.epochs asks for, found 1; train.epochs is 1 but sample.epochs from preset paper-gan asks for 10, 20, 50: set sample.epochs',
    ]);
    // paper-vae asks for epochs in two lists: still one cause, one error.
    const vae = problems('name: x\npreset: paper-vae\ntrain:\n  epochs: 1\n');
    expect(vae).toHaveLength(1);
    expect(vae[0]).toMatch(/^4:11: train\.epochs: .*: set sample\.epochs and evaluate\.latent\.epochs$/);
  });

  it('locates epochs the file writes at the first bad one, once per list', () => {
    expect(problems('name: x\npreset: paper-gan\ntrain: { epochs: 30 }\nsample: { epochs: [10, 40, 50] }\n')).toEqual([
      '4:24: sample.epochs: expected an epoch <= train.epochs (30), found 40, 50',
    ]);
  });
});
