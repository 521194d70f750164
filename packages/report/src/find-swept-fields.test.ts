import { describe, expect, it } from 'vitest';
import { findSweptFields, flatten, sweepKeysOfVariant } from './find-swept-fields';
import { makeVariant } from '../test-support/make-variant';

const vae = (variant: string, latentDim: number, epochs = 5) =>
  makeVariant({
    experiment: 'sweep',
    variant,
    slices: { model: { seed: 42, model: { kind: 'vae', latentDim } }, train: { seed: 42, train: { epochs, batchSize: 64 } } },
  });

describe('findSweptFields', () => {
  it('reads the swept value from the model slice, not from the name', () => {
    const [field, ...rest] = findSweptFields([vae('latentDim-2', 2), vae('latentDim-32', 32)]);
    expect(field.path).toBe('model.latentDim');
    expect(field.numeric).toBe(true);
    expect([...field.values.entries()]).toEqual([
      ['sweep/latentDim-2', 2],
      ['sweep/latentDim-32', 32],
    ]);
    expect(rest).toEqual([]);
  });

  it('puts the fields named by the variant first, in the order of the name', () => {
    const fields = findSweptFields([vae('epochs-5_latentDim-2', 2, 5), vae('epochs-9_latentDim-8', 8, 9)]);
    expect(fields.map((f) => f.path)).toEqual(['train.epochs', 'model.latentDim']);
  });

  it('finds a differing numeric field when the variant names say nothing', () => {
    const fields = findSweptFields([vae('a', 4), vae('b', 16)]);
    expect(fields.map((f) => f.path)).toEqual(['model.latentDim']);
  });

  it('finds nothing for identical variants or a single one', () => {
    expect(findSweptFields([vae('a', 4), vae('b', 4)])).toEqual([]);
    expect(findSweptFields([vae('a', 4)])).toEqual([]);
  });

  it('flattens arrays by index and parses sweep keys out of variant names', () => {
    expect([...flatten({ model: { generator: [{ units: 3 }] } }).entries()]).toEqual([['model.generator.0.units', 3]]);
    expect(sweepKeysOfVariant('latentDim-2_learningRate-0.001')).toEqual(['latentDim', 'learningRate']);
    expect(sweepKeysOfVariant('default')).toEqual(['default']);
  });
});
