import { describe, expect, it } from 'vitest';
import { buildComparisonTable, COMPARISON_COLUMNS, formatParams, referenceRows } from './comparison-table';
import { markdownTable } from './render-markdown';
import { htmlTable } from './render-html';
import { makeVariant } from '../test-support/make-variant';

const reference = { fid: 0.9, is: { mean: 9.87, std: 0.02 }, precision: 0.8, recall: 0.79, definition: 'train vs test' };
const gan = makeVariant({
  experiment: 'gan',
  variant: 'default',
  kind: 'gan',
  results: {
    model: { kind: 'gan', latentDim: 100, params: { generator: 1000, discriminator: 2500, total: 3500 } },
    train: { trainSeconds: 12.34, imagesPerSec: 250.5, backend: { name: 'wasm', threads: 2, simd: true } },
  },
  metrics: {
    metrics: {
      fid: { value: 12.345 },
      is: { mean: 8.1, std: 0.12 },
      modeCoverage: { histogram: [], classesCovered: 9, klFromUniform: 0.1234 },
      precision: { value: 0.7 },
      recall: { value: 0.6 },
    },
    reference,
  },
});
const vae = makeVariant({
  experiment: 'vae',
  variant: 'latentDim-2',
  results: {
    model: { kind: 'vae', latentDim: 2, params: { encoder: 10, decoder: 20, total: 30 } },
    train: { trainSeconds: 300, imagesPerSec: 1000 },
  },
  metrics: { metrics: { fid: { value: 30 }, reconstruction: { mse: 0.031, bce: 0.1 } }, reference },
});

describe('buildComparisonTable', () => {
  it('has one row per variant, one per distinct reference, and the paper rows', () => {
    const t = buildComparisonTable([gan, vae], true);
    expect(t.rows.map((r) => r.kind)).toEqual(['experiment', 'experiment', 'reference', 'paper', 'paper']);
    expect(t.rows.every((r) => r.cells.length === COMPARISON_COLUMNS.length)).toBe(true);
    const [g, v, ref, paperGan, paperVae] = t.rows.map((r) => Object.fromEntries(COMPARISON_COLUMNS.map((c, i) => [c, r.cells[i]])));
    expect(g).toMatchObject({
      parameters: 'generator 1,000 + discriminator 2,500 = 3,500',
      'training time': '12.3 s',
      'images/s': '250.5',
      backend: 'wasm (2 threads, SIMD)',
      'classifier-FID ↓': '12.35',
      'classifier-IS ↑ (mean ± std)': '8.10 ± 0.12',
      'mode coverage (classes, KL from uniform)': '9/10, 0.123',
    });
    expect(g['reconstruction error (MSE / BCE)']).toBe('—');
    expect(v).toMatchObject({
      model: 'VAE, latent 2',
      'training time': '5.0 min',
      'reconstruction error (MSE / BCE)': '0.0310 / 0.1000',
      'classifier-IS ↑ (mean ± std)': '—',
    });
    expect(ref).toMatchObject({ 'classifier-FID ↓': '0.90', 'classifier-IS ↑ (mean ± std)': '9.87 ± 0.02', 'precision ↑': '0.800' });
    expect(ref['experiment / variant']).toBe('real data (reference for every compared variant)');
    const other = { ...vae, metrics: { ...vae.metrics, reference: { ...reference, fid: 1.5 } } };
    expect(referenceRows([gan, other]).map((r) => r.cells[0])).toEqual([
      'real data (reference for gan/default)',
      'real data (reference for vae/latentDim-2)',
    ]);
    expect(paperGan).toMatchObject({ 'classifier-FID ↓': '18.24', 'classifier-IS ↑ (mean ± std)': '2.76' });
    expect(paperVae).toMatchObject({ 'classifier-FID ↓': '28.56', 'reconstruction error (MSE / BCE)': '0.092' });
  });

  it('drops the paper rows when paperFigures is false', () => {
    expect(buildComparisonTable([gan], false).rows.map((r) => r.kind)).toEqual(['experiment', 'reference']);
  });

  it('renders Markdown and HTML with a data-experiment row per variant', () => {
    const t = buildComparisonTable([gan, vae], true);
    const html = htmlTable(t);
    expect(html.match(/<tr data-experiment="[^"]+">/g)).toEqual([
      '<tr data-experiment="gan/default">',
      '<tr data-experiment="vae/latentDim-2">',
    ]);
    expect(markdownTable(t).split('\n')).toHaveLength(2 + t.rows.length);
  });

  it('formats parameters with a total even when the manifest has none', () => {
    expect(formatParams({ encoder: 5, decoder: 7 })).toBe('encoder 5 + decoder 7 = 12');
    expect(formatParams(undefined)).toBe('—');
  });
});
