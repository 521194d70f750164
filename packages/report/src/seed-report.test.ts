import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readManifest, type Manifest } from '@genlab/artifacts';
import type { ReportSpec } from '@genlab/spec';
import { findSweptFields } from './find-swept-fields';
import { loadVariant } from './load-variant';
import { sweepChart, type SweepMean } from './sweep-figure';
import { buildReportFixtures, runFixtureReport } from '../test-support/build-report-fixtures';
import { seedSweepFixtures } from '../test-support/fixture-values';
import type { MetricsJson } from './variant-artifacts';

process.env.GENLAB_LOG_LEVEL = 'error';

// Issue 12: a 3-seed x 2-latent-size sweep gives a report whose comparison table has 2 rows of
// mean ± sd (n = 3), checked here against values computed from the metrics.json files on disk.

const SPEC: ReportSpec = {
  name: 'seed-report',
  title: 'Seeds',
  description: '',
  experiments: ['seed-sweep'],
  sampleEpochs: [],
  figureExperiments: [],
  paperFigures: false,
  figureTitles: {},
  claims: null,
};
let root: string;
let upstream: Awaited<ReturnType<typeof buildReportFixtures>>;
let dir: string;
let manifest: Manifest;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'genlab-seed-report-'));
  upstream = await buildReportFixtures(root, seedSweepFixtures());
  ({ dir, manifest } = await runFixtureReport(root, upstream, SPEC));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const metricsOf = (seed: number, latent: number) =>
  JSON.parse(
    readFileSync(join(root, 'artifacts', 'seed-sweep', `seed-${seed}_latentDim-${latent}`, 'evaluate', 'metrics.json'), 'utf8'),
  ) as MetricsJson;

/** Mean ± sample sd written out independently of the report code. */
function expected(values: number[], digits: number): string {
  const mean = values.reduce((a, b) => a + b) / values.length;
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1));
  return `${mean.toFixed(digits)} ± ${sd.toFixed(digits)} (n = ${values.length})`;
}

describe('a report over seeds', () => {
  it('has one comparison row per latent size, each metric as mean ± sd over the 3 seeds', () => {
    const md = readFileSync(join(dir, 'report.md'), 'utf8');
    const comparison = md.split('## Comparison')[1].split('###')[0];
    const rows = comparison.split('\n').filter((l) => l.startsWith('| seed-sweep'));
    expect(rows).toHaveLength(2);
    for (const [i, latent] of [2, 8].entries()) {
      const ms = [1, 2, 3].map((s) => metricsOf(s, latent));
      const cells = rows[i].split(' | ');
      expect(cells[0]).toBe('| seed-sweep/latentDim-' + latent + ', seeds 1, 2, 3');
      expect(cells).toContain(
        expected(
          ms.map((m) => m.metrics.fid!.value),
          2,
        ),
      );
      expect(cells).toContain(
        expected(
          ms.map((m) => m.metrics.is!.mean),
          2,
        ),
      );
      expect(cells).toContain(
        expected(
          ms.map((m) => m.metrics.precision!.value),
          3,
        ),
      );
      expect(cells).toContain(
        expected(
          ms.map((m) => m.metrics.recall!.value),
          3,
        ),
      );
      expect(rows[i]).toContain(
        `${expected(
          ms.map((m) => m.metrics.reconstruction!.mse),
          4,
        )} / `,
      );
    }
  });

  it('keeps every seed in a per-seed table, in the HTML too', () => {
    const md = readFileSync(join(dir, 'report.md'), 'utf8');
    const details = md.split('### Per-seed values')[1].split('\n## ')[0];
    const rows = details.split('\n').filter((l) => l.startsWith('| seed-sweep/'));
    expect(rows).toHaveLength(6);
    expect(rows[0]).toContain(
      `| seed-sweep/latentDim-2 | 1 | seed-sweep/seed-1_latentDim-2 | ${metricsOf(1, 2).metrics.fid!.value.toFixed(2)} |`,
    );
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    expect(html).toContain('id="seed-details"');
    expect(html.match(/<tr data-experiment="seed-sweep\/latentDim-\d">/g)).toHaveLength(2);
  });

  it('draws the sweep against the latent size with seed means and ± sd error bars', () => {
    expect((manifest.result.figures as { id: string }[]).map((f) => f.id)).toContain('sweep-seed-sweep');
    const variants = Object.entries(upstream).map(([k, u]) => loadVariant(k, readManifest(u.dir, u)));
    const fields = findSweptFields(variants).filter((f) => f.path !== 'seed');
    expect(fields[0].path).toBe('model.latentDim');
    const chart = sweepChart(variants, fields[0]) as { data: { values: SweepMean[] }; spec: { layer: { mark: { type: string } }[] } };
    const fid = chart.data.values.filter((p) => p.metric === 'classifier-FID');
    expect(fid.map((p) => [p.x, p.n])).toEqual([
      [2, 3],
      [8, 3],
    ]);
    const values = [1, 2, 3].map((s) => metricsOf(s, 8).metrics.fid!.value);
    expect(`${fid[1].value.toFixed(2)} ± ${fid[1].sd.toFixed(2)} (n = ${fid[1].n})`).toBe(expected(values, 2));
    expect(fid[1].hi - fid[1].lo).toBeCloseTo(2 * fid[1].sd, 12);
    expect(chart.spec.layer.map((l) => l.mark.type)).toEqual(['line', 'rule', 'rule']);
  });
});
