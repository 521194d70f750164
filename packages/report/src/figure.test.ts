import { describe, expect, it } from 'vitest';
import { figureId, titleFor } from './figure';
import { orderVariantKeys } from './order-variants';
import { chooseEpochs } from './sample-grid-figure';

describe('figure ids and titles', () => {
  it('makes ids that match the figureTitles key pattern', () => {
    const id = figureId('fig1-samples', 'sweep', 'learningRate-0.001_latentDim-2');
    expect(id).toBe('fig1-samples-sweep-learningRate-0-001-latentDim-2');
    expect(id).toMatch(/^[a-z][a-zA-Z0-9-]*$/);
  });

  it('prefers the exact id, then the figure kind with what it shows, then the default', () => {
    const spec = { figureTitles: { 'fig1-samples-gan-default': 'Exact', 'fig2-latent': 'Latent' } };
    expect(titleFor(spec, 'fig1-samples-gan-default', 'fig1-samples', 'Default', 'gan/default')).toBe('Exact');
    expect(titleFor(spec, 'fig2-latent-vae-default', 'fig2-latent', 'Default', 'vae/default')).toBe('Latent (vae/default)');
    expect(titleFor(spec, 'loss-gan', 'loss', 'Default', 'gan')).toBe('Default');
  });
});

describe('orderVariantKeys', () => {
  it('follows the report list, expanding experiments to their variants', () => {
    const keys = ['b/x', 'a/default', 'b/y', 'c/default'];
    expect(orderVariantKeys(['a', 'b/y', 'b'], keys)).toEqual(['a/default', 'b/y', 'b/x', 'c/default']);
  });
});

describe('chooseEpochs', () => {
  it('uses every sampled epoch when none are requested, and reports missing ones', () => {
    expect(chooseEpochs([], [1, 10, 20])).toEqual({ epochs: [1, 10, 20], missing: [] });
    expect(chooseEpochs([10, 50], [1, 10, 20])).toEqual({ epochs: [10], missing: [50] });
  });
});
