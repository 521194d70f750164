import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExperimentSchema } from './schema/experiment-schema';
import { ReportSchema } from './schema/report-schema';
import { loadCompiledValidator, validatorKey } from './compiled-validator';
import { AJV_OPTIONS } from './validate-schema';

let dir: string;
const fresh = () => new Ajv2020({ ...AJV_OPTIONS, code: { source: true } });
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'genlab-validators-'));
  process.env.GENLAB_VALIDATOR_CACHE = dir;
});
afterEach(() => {
  delete process.env.GENLAB_VALIDATOR_CACHE;
  rmSync(dir, { recursive: true, force: true });
});

describe('validators compiled once and loaded from disk', () => {
  it('gives the same verdict, errors and defaults from the cached code as from a fresh compile', () => {
    let compiles = 0;
    const first = loadCompiledValidator(ExperimentSchema, AJV_OPTIONS, () => (compiles++, fresh()));
    expect(readdirSync(dir)).toHaveLength(1);
    const second = loadCompiledValidator(ExperimentSchema, AJV_OPTIONS, () => (compiles++, fresh()));
    expect(compiles).toBe(1);
    expect(second).not.toBe(first);
    const bad = () => ({
      name: 'x',
      model: { kind: 'gan', latentDim: -1, generator: [{ type: 'dense' }], discriminator: [] },
      train: { epochs: 'ten', typo: 1 },
    });
    const a = bad();
    const b = bad();
    expect(first(a)).toBe(false);
    expect(second(b)).toBe(false);
    // The error objects (with the parent schema the messages are built from) and the filled-in
    // defaults are the same.
    expect(JSON.stringify(second.errors)).toBe(JSON.stringify(first.errors));
    expect(b).toEqual(a);
    const good = {
      name: 'y',
      model: {
        kind: 'vae',
        latentDim: 2,
        encoder: [{ type: 'flatten' }],
        decoder: [
          { type: 'dense', units: 784 },
          { type: 'reshape', targetShape: [28, 28, 1] },
        ],
      },
    };
    const g1 = structuredClone(good);
    const g2 = structuredClone(good);
    expect(first(g1)).toBe(true);
    expect(second(g2)).toBe(true);
    expect(g2).toEqual(g1);
  });

  it('keys each schema and option set apart', () => {
    expect(validatorKey(ExperimentSchema, AJV_OPTIONS)).not.toBe(validatorKey(ReportSchema, AJV_OPTIONS));
    expect(validatorKey(ExperimentSchema, AJV_OPTIONS)).not.toBe(validatorKey(ExperimentSchema, { ...AJV_OPTIONS, allErrors: false }));
  });
});
