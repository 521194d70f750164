import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArtifactError, readManifest, type Manifest } from '@genlab/artifacts';
import { loadVariant } from './load-variant';
import { buildReportFixtures, FIXTURE_REPORT, runFixtureReport } from '../test-support/build-report-fixtures';
import { FIXTURE_EVALUATOR, FIXTURE_VARIANTS } from '../test-support/fixture-values';

process.env.GENLAB_LOG_LEVEL = 'error';

const KEYS = FIXTURE_VARIANTS.map((v) => `${v.experiment}/${v.variant}`);
const EXPECTED_FIGURES = [
  'fig1-samples-fixture-gan-default',
  'fig1-samples-fixture-vae-default',
  'fig1-samples-fixture-sweep-latentDim-2',
  'fig1-samples-fixture-sweep-latentDim-8',
  'fig2-latent-fixture-vae-default',
  'fig2-latent-fixture-sweep-latentDim-2',
  'fig2-latent-fixture-sweep-latentDim-8',
  'loss-fixture-gan',
  'loss-fixture-vae',
  'loss-fixture-sweep',
  'coverage-fixture-gan',
  'metric-fid',
  'metric-is',
  'metric-precision-recall',
  'sweep-fixture-sweep',
];

type FigureResult = { id: string; title: string; png: string; svg?: string };

let root: string;
let upstream: Awaited<ReturnType<typeof buildReportFixtures>>;
let dir: string;
let manifest: Manifest;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'genlab-report-'));
  upstream = await buildReportFixtures(root);
  ({ dir, manifest } = await runFixtureReport(root, upstream));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('runReportStage', () => {
  it('writes a report artifact with stable figure ids, each figure on disk', async () => {
    const figures = manifest.result.figures as FigureResult[];
    expect(figures.map((f) => f.id)).toEqual(EXPECTED_FIGURES);
    for (const f of figures) {
      expect((await sharp(join(dir, f.png)).metadata()).format).toBe('png');
      expect(f.svg === undefined).toBe(f.id.startsWith('fig1-'));
      if (f.svg) expect(readFileSync(join(dir, f.svg), 'utf8')).toContain(f.title.slice(0, 20));
    }
    expect(manifest.files).toEqual(expect.arrayContaining(['report.md', 'index.html', ...figures.map((f) => f.png)]));
    expect(readManifest(dir, { stage: 'report' }).manifest.fingerprint).toBe(manifest.fingerprint);
  });

  it('applies figureTitles overrides', () => {
    const fid = (manifest.result.figures as FigureResult[]).find((f) => f.id === 'metric-fid');
    expect(fid?.title).toBe(FIXTURE_REPORT.figureTitles['metric-fid']);
  });

  it('draws figures 1 and 2 only for the experiments figureExperiments names (the sweep keeps its tables and charts)', async () => {
    const spec = { ...FIXTURE_REPORT, name: 'fixture-figures', figureExperiments: ['fixture-vae'] };
    const { manifest: m } = await runFixtureReport(root, upstream, spec);
    const ids = (m.result.figures as FigureResult[]).map((f) => f.id);
    expect(ids.filter((id) => id.startsWith('fig1-') || id.startsWith('fig2-'))).toEqual([
      'fig1-samples-fixture-vae-default',
      'fig2-latent-fixture-vae-default',
    ]);
    expect(ids).toEqual(EXPECTED_FIGURES.filter((id) => !/^fig[12]-/.test(id) || id.endsWith('fixture-vae-default')));
  });

  it('composes figure 1 from the sample grids side by side, with epoch labels above them', async () => {
    const png = join(dir, 'figures/fig1-samples-fixture-gan-default.png');
    const { data, info } = await sharp(png).greyscale().raw().toBuffer({ resolveWithObject: true });
    // Two fixture grids of [112, 112] px, enlarged x2 to [224, 224], side by side.
    expect(info.width).toBeGreaterThanOrEqual(2 * 224);
    expect(info.height).toBeGreaterThan(224);
    const labelBand = data.subarray(30 * info.width, 60 * info.width);
    expect(labelBand.some((p) => p < 100)).toBe(true);
  });

  it('plots the sweep against model.latentDim read from the model manifests', () => {
    const svg = readFileSync(join(dir, 'figures/sweep-fixture-sweep.svg'), 'utf8');
    expect(svg).toContain('model.latentDim');
    expect(svg).toContain('classifier-FID');
  });

  it('writes index.html with a row per variant, local figures only, and provenance', () => {
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    expect([...html.matchAll(/<tr data-experiment="([^"]+)">/g)].map((m) => m[1])).toEqual(KEYS);
    expect(html).not.toMatch(/<script|https?:\/\//);
    const srcs = [...html.matchAll(/<img src="([^"]+)"/g)].map((m) => m[1]);
    expect(srcs).toHaveLength(EXPECTED_FIGURES.length);
    for (const s of srcs) expect(existsSync(join(dir, s))).toBe(true);
    const gan = loadVariant(KEYS[0], readManifest(upstream[KEYS[0]].dir, { stage: 'evaluate' }));
    for (const stage of ['data', 'model', 'train', 'sample', 'evaluate'] as const)
      expect(html).toContain(gan.stages[stage]!.manifest.fingerprint);
    expect(html).toContain(FIXTURE_EVALUATOR.fingerprint);
    expect(html).toContain('99.12%');
    expect(html).toContain('artifacts/fixture-gan/default/train');
  });

  it('writes report.md with relative figure links, the table and the paper caveat', () => {
    const md = readFileSync(join(dir, 'report.md'), 'utf8');
    for (const id of EXPECTED_FIGURES) expect(md).toContain(`](figures/${id}.png)`);
    expect(md).toContain('| fixture-gan/default | GAN, latent 100 |');
    expect(md).toContain('18.24');
    expect(md).toContain('not comparable');
  });

  it('provenance rows name their run, the artifact id beside the slice fingerprint, and the variants sharing a slice', () => {
    const md = readFileSync(join(dir, 'report.md'), 'utf8');
    const loaded = KEYS.map((k) => loadVariant(k, readManifest(upstream[k].dir, { stage: 'evaluate' })));
    let shared = 0;
    for (const v of loaded) {
      for (const stage of ['data', 'model', 'train', 'sample', 'evaluate'] as const) {
        const same = loaded
          .filter((o) => o.key !== v.key && o.stages[stage]!.manifest.fingerprint === v.stages[stage]!.manifest.fingerprint)
          .map((o) => o.key);
        shared += same.length;
        const row = `| ${v.key} | ${stage} | \`${v.stages[stage]!.manifest.fingerprint}\` | \`${v.stages[stage]!.contentSha256.slice(0, 16)}\` | ${same.join(', ') || '—'} |`;
        expect(md).toContain(row);
      }
    }
    expect(shared).toBeGreaterThan(0); // the fixtures do share slices (the sweep's data), so the column is exercised
  });

  it('summarises each variant with its fingerprints in the result', () => {
    const exps = manifest.result.experiments as { key: string; fingerprints: Record<string, string>; metrics: { fid: number } }[];
    expect(exps.map((e) => e.key)).toEqual(KEYS);
    expect(exps[0].metrics.fid).toBe(FIXTURE_VARIANTS[0].fid);
    expect(Object.keys(exps[0].fingerprints)).toEqual(['data', 'model', 'train', 'sample', 'evaluate']);
  });

  it('writes the claims table from the sides’ metrics.json files, not from the spec', () => {
    type Claim = { claim: string; verdict: string; gan: string; vae: string };
    const claims = manifest.result.claims as Claim[];
    const metricsOf = (key: string) => JSON.parse(readFileSync(join(upstream[key].dir, 'metrics.json'), 'utf8')).metrics;
    const [gan, vae] = [metricsOf('fixture-gan/default'), metricsOf('fixture-vae/default')];
    const fid = claims.find((c) => c.claim.endsWith('lower FID')) as Claim;
    expect(fid).toEqual({
      claim: fid.claim,
      gan: gan.fid.value.toFixed(2),
      vae: vae.fid.value.toFixed(2),
      verdict: gan.fid.value < vae.fid.value ? 'holds' : 'does not hold',
    });
    const blur = claims.find((c) => c.claim.startsWith('VAE samples are blurrier')) as Claim;
    expect(blur.vae).toBe(`${vae.sharpness.ratio.laplacianVariance.toFixed(3)}; ${vae.sharpness.ratio.gradientMagnitude.toFixed(3)}`);
    expect(blur.verdict).toBe('holds');
    const latent = claims.find((c) => c.claim.startsWith('The VAE’s latent space')) as Claim;
    expect([latent.vae, latent.verdict]).toEqual([
      vae.latentClasses.final.toFixed(3),
      vae.latentClasses.final >= 0.8 ? 'holds' : 'does not hold',
    ]);
    // latentSweeps names a VAE-only sweep: the claim about both kinds cannot be judged.
    expect(claims.find((c) => c.claim.startsWith('Both models adapt'))?.verdict).toBe('not measured');
    expect(claims.find((c) => c.claim.startsWith('Effect of latent size'))).toMatchObject({
      verdict: 'descriptive',
      vae: '2: 48.90, 8: 33.40',
    });
    const md = readFileSync(join(dir, 'report.md'), 'utf8');
    expect(md).toContain('## The paper’s claims, measured');
    expect(md).toContain(
      `| ${fid.claim} | 3.8, 3.8.2 | classifier-FID; holds if GAN < VAE | ${fid.gan} | ${fid.vae} | **${fid.verdict}** |`,
    );
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    expect([...html.matchAll(/<tr data-verdict="([^"]+)">/g)].map((m) => m[1])).toEqual(claims.map((c) => c.verdict));
  });

  it('shows only the requested epochs and says where training stopped before the others', async () => {
    const spec = {
      ...FIXTURE_REPORT,
      name: 'fixture-epochs',
      experiments: ['fixture-gan'],
      sampleEpochs: [3, 50],
      figureTitles: { 'fig1-samples': 'GAN' },
    };
    const r = await runFixtureReport(root, { [KEYS[0]]: upstream[KEYS[0]] }, spec);
    // Columns with ink below the title and labels (y >= 70): one [224, 224] grid here, two in the full report.
    const inkColumns = async (png: string) => {
      const { data, info } = await sharp(png).greyscale().raw().toBuffer({ resolveWithObject: true });
      let n = 0;
      for (let x = 0; x < info.width; x++) {
        for (let y = 70; y < info.height; y++)
          if (data[y * info.width + x] < 128) {
            n++;
            break;
          }
      }
      return n;
    };
    expect(await inkColumns(join(dir, 'figures/fig1-samples-fixture-gan-default.png'))).toBeGreaterThan(2 * 180);
    expect(await inkColumns(join(r.dir, 'figures/fig1-samples-fixture-gan-default.png'))).toBeLessThan(230);
    const figures = r.manifest.result.figures as FigureResult[];
    expect(figures.find((f) => f.id === 'fig1-samples-fixture-gan-default')?.title).toBe(
      'GAN (fixture-gan/default) (training stopped at epoch 3; epoch 50 not reached)',
    );
    expect(readFileSync(join(r.dir, 'report.md'), 'utf8')).toContain(
      'training ended at epoch 3, so epoch 50 of the sample grid was never reached',
    );
  });

  it('names a missing sibling stage artifact, and leaves no report folder behind', async () => {
    const lonely = join(root, 'artifacts/lonely/default/evaluate');
    cpSync(upstream[KEYS[0]].dir, lonely, { recursive: true });
    expect(() => loadVariant('x/default', readManifest(lonely, { stage: 'evaluate' }))).toThrow(ArtifactError);
    expect(() => loadVariant('x/default', readManifest(lonely, { stage: 'evaluate' }))).toThrow(
      /lonely\/default\/data: no manifest.json: the data stage has not run/,
    );
    const spec = { ...FIXTURE_REPORT, name: 'fixture-broken', experiments: ['fixture-gan'] };
    rmSync(join(root, 'artifacts/fixture-gan/default/train/losses.jsonl'));
    await expect(runFixtureReport(root, { [KEYS[0]]: upstream[KEYS[0]] }, spec)).rejects.toThrow(/losses.jsonl is missing/);
    expect(existsSync(join(root, 'artifacts/fixture-broken/default/report'))).toBe(false);
  });
});
