import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '@genlab/artifacts';
import type { ReportSpec } from '@genlab/spec';
import { EQUAL_TIME_HEADING } from './render-equal-time';
import { buildReportFixtures, runFixtureReport } from '../test-support/build-report-fixtures';
import { FIXTURE_VARIANTS, type FixtureVariant } from '../test-support/fixture-values';

process.env.GENLAB_LOG_LEVEL = 'error';

// Issue 19: the claims sides compared at equal training time, from real artifact folders: the
// per-epoch scores of metrics.json (evaluate format 4) and the epoch times of losses.jsonl; and a
// report over metrics.json written before those scores still renders, saying what is missing.

const [GAN, VAE] = FIXTURE_VARIANTS as [FixtureVariant, FixtureVariant];
// GAN: 41.5 s over 3 epochs (13.83 s each); VAE: 18.3 s over 3 (6.1 s each). T = 18.3 s: GAN epoch 1, VAE epoch 3.
const VARIANTS: FixtureVariant[] = [
  { ...GAN, experiment: 'timed-gan', epochFid: [52.5, 20.25, 14.5] },
  { ...VAE, experiment: 'timed-vae', epochFid: [61.75, 40.5, 33.25] },
  { ...GAN, experiment: 'old-gan' },
  { ...VAE, experiment: 'old-vae' },
];
const spec = (name: string, gan: string, vae: string): ReportSpec => ({
  name,
  title: name,
  description: '',
  experiments: [gan, vae],
  sampleEpochs: [],
  figureExperiments: [],
  paperFigures: false,
  figureTitles: {},
  claims: { gan, vae },
});

let root: string;
let timed: { dir: string; manifest: Manifest };
let old: { dir: string; manifest: Manifest };

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'genlab-equal-time-'));
  const upstream = await buildReportFixtures(root, VARIANTS);
  const pick = (...exps: string[]) => Object.fromEntries(Object.entries(upstream).filter(([k]) => exps.includes(k.split('/')[0]!)));
  timed = await runFixtureReport(root, pick('timed-gan', 'timed-vae'), spec('timed', 'timed-gan', 'timed-vae'));
  old = await runFixtureReport(root, pick('old-gan', 'old-vae'), spec('old', 'old-gan', 'old-vae'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const section = (md: string) => md.split(`## ${EQUAL_TIME_HEADING}`)[1]!.split('\n## ')[0]!;

describe('the report at equal training time', () => {
  it('sets the GAN’s latest scored epoch within the VAE’s total time against the VAE’s last epoch', () => {
    const md = readFileSync(join(timed.dir, 'report.md'), 'utf8');
    const rows = section(md)
      .split('\n')
      .filter((l) => l.startsWith('| timed-gan'));
    expect(rows).toEqual([
      "| timed-gan/default vs timed-vae/default | 42 | 18.3 s | 1 of 3 (13.8 s) | 52.50 | 8.31 | 10 | 3 of 3 (18.3 s) | 33.25 | 7.42 | — | does not hold | GAN: next scored epoch 2 ends at 27.7 s (scored epochs are the sample stage's; more sample.epochs bring its point closer to T) |",
    ]);
    expect(section(md)).toMatch(/depend on the machine, its load/);
    expect(section(md)).toMatch(/1000 samples per epoch/);
    expect(timed.manifest.result.equalTime).toEqual([
      {
        budgetSeconds: 18.3,
        gan: { key: 'timed-gan/default', epoch: 1, seconds: 41.5 / 3, fid: 52.5, is: 8.31, classesCovered: 10, samples: 1000 },
        vae: {
          key: 'timed-vae/default',
          epoch: 3,
          seconds: expect.closeTo(18.3, 9),
          fid: 33.25,
          is: 7.42,
          classesCovered: undefined,
          samples: 1000,
        },
        verdict: 'does not hold',
      },
    ]);
    const html = readFileSync(join(timed.dir, 'index.html'), 'utf8');
    expect([...html.matchAll(/data-equal-time-verdict="([^"]+)"/g)].map((m) => m[1])).toEqual(['does not hold']);
  });

  it('draws classifier-FID by epoch and by training time for the variants scored per epoch', async () => {
    const figures = timed.manifest.result.figures as { id: string; png: string; svg?: string }[];
    const fig = figures.find((f) => f.id === 'fid-by-epoch')!;
    expect((await sharp(join(timed.dir, fig.png)).metadata()).format).toBe('png');
    const svg = readFileSync(join(timed.dir, fig.svg!), 'utf8');
    expect(svg).toContain('training time (h, as measured)');
  });

  it('still renders from metrics.json without per-epoch scores, saying why there is no comparison', () => {
    const md = readFileSync(join(old.dir, 'report.md'), 'utf8');
    expect(md).toContain('## The paper’s claims, measured');
    const row = section(md)
      .split('\n')
      .find((l) => l.startsWith('| old-gan'))!;
    expect(row).toContain(
      '| not measured | GAN: no per-epoch scores (metrics.json written before evaluate format 4: rerun evaluate); VAE: no per-epoch scores',
    );
    expect((old.manifest.result.figures as { id: string }[]).map((f) => f.id)).not.toContain('fid-by-epoch');
  });
});
