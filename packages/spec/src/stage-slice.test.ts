import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json';
import { loadSpecFile, type LoadedExperiment } from './load-spec';
import { EXPERIMENT_STAGES } from './pipeline';
import { changedPaths, experimentSlice, fingerprint } from './stage-slice';

const load = (yaml: string) => loadSpecFile('experiments/t/experiment.yaml', yaml) as LoadedExperiment;
const PAPER_GAN = load('name: t\npreset: paper-gan\n');
const fps = (e: LoadedExperiment) =>
  Object.fromEntries(EXPERIMENT_STAGES.map((s) => [s, fingerprint(s, experimentSlice(e.variants[0].spec, s))]));

describe('fingerprints', () => {
  it('are pinned for the paper GAN preset (a change here must be deliberate: bump STAGE_FORMAT_VERSIONS)', () => {
    expect(fps(PAPER_GAN)).toMatchInlineSnapshot(`
      {
        "data": "bd46fbc98e09cca8",
        "evaluate": "1e9a8a96f3475cce",
        "model": "8ec651458a6cb024",
        "sample": "91b13c6b6cba413e",
        "train": "9761505bd449b325",
      }
    `);
  });

  it('do not depend on key order or on how a value was written', () => {
    const a = load('name: t\npreset: paper-gan\ntrain: { epochs: 50, batchSize: 32 }\n');
    const b = load('name: t\ntrain:\n  batchSize: 32\n  epochs: 50.0\npreset: paper-gan\n');
    expect(fps(a)).toEqual(fps(b));
  });

  it('change only for the stage whose slice changed', () => {
    const base = fps(PAPER_GAN);
    const evalEdit = fps(load('name: t\npreset: paper-gan\nevaluate: { samples: 5000 }\n'));
    const trainEdit = fps(load('name: t\npreset: paper-gan\ntrain: { epochs: 50 }\n'));
    expect(Object.keys(base).filter((s) => base[s] !== evalEdit[s])).toEqual(['evaluate']);
    expect(Object.keys(base).filter((s) => base[s] !== trainEdit[s])).toEqual(['train']);
  });

  it('ignore the description and the backend (provenance, not cache key)', () => {
    expect(fps(load('name: t\npreset: paper-gan\ndescription: other\nbackend: cpu\n'))).toEqual(fps(PAPER_GAN));
  });
});

describe('canonicalJson and changedPaths', () => {
  it('sorts keys at every depth', () => {
    expect(canonicalJson({ b: [{ d: 1, c: 2 }], a: null })).toBe('{"a":null,"b":[{"c":2,"d":1}]}');
  });
  it('names the changed fields', () => {
    expect(changedPaths({ train: { epochs: 1, batchSize: 2 } }, { train: { epochs: 3, batchSize: 2 } })).toEqual(['train.epochs']);
  });
});

describe('sweeps', () => {
  it('expand a grid into named variants with the swept values applied', () => {
    const e = load('name: t\npreset: paper-vae\nsweep:\n  model.latentDim: [2, 10]\n  train.batchSize: [32, 64]\n');
    expect(e.variants.map((v) => v.name)).toEqual([
      'latentDim-2_batchSize-32',
      'latentDim-2_batchSize-64',
      'latentDim-10_batchSize-32',
      'latentDim-10_batchSize-64',
    ]);
    expect(e.variants[2].spec.model.latentDim).toBe(10);
    expect(e.variants[2].spec.train.batchSize).toBe(32);
    expect(e.variants[0].spec.sweep).toEqual({});
  });
  it('give a single default variant without a sweep', () => {
    expect(PAPER_GAN.variants.map((v) => v.name)).toEqual(['default']);
  });
});

describe('loaded specs', () => {
  it('are complete (defaults filled) and frozen', () => {
    const spec = PAPER_GAN.variants[0].spec;
    expect(spec.train.optimizer).toEqual({ kind: 'adam', learningRate: 0.0002, beta1: 0.5, beta2: 0.999, epsilon: 1e-7 });
    expect(spec.evaluate.features).toEqual({ kind: 'evaluator' });
    expect(Object.isFrozen(spec.train)).toBe(true);
  });
  it('merge presets: mappings key by key, lists replaced', () => {
    const e = load('name: t\npreset: paper-gan\nmodel: { latentDim: 64 }\n');
    expect(e.spec.model.latentDim).toBe(64);
    expect(e.spec.model.generator).toHaveLength(4);
    expect(e.spec.model.discriminator).toHaveLength(6);
  });
});
