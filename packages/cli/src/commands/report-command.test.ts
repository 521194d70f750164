import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGenlab } from '../../test-support/run-genlab';
import { makeTempWorkspace, TINY_EVALUATOR, TINY_GAN, TINY_VAE } from '../../test-support/temp-workspace';

// The whole pipeline once, tiny: data, evaluator, GAN and VAE training, sampling, evaluation
// and the report, through Nx in a temporary workspace. Then the report-only guarantees.

let root: string;
const REPORT = `name: cmp
title: Tiny comparison
experiments: [g, v]
claims: { gan: g, vae: v }
`;
const reportDir = () => join(root, 'artifacts', 'cmp', 'default', 'report');
const manifestOf = (name: string, stage: string) =>
  JSON.parse(readFileSync(join(root, 'artifacts', name, 'default', stage, 'manifest.json'), 'utf8'));
const genlab = (...argv: string[]) => runGenlab(argv, root);

beforeAll(() => {
  root = makeTempWorkspace({
    'g/experiment.yaml': `name: g\n${TINY_GAN}`,
    'v/experiment.yaml': `name: v\n${TINY_VAE}`,
    'evaluator/evaluator.yaml': TINY_EVALUATOR,
    'cmp/report.yaml': REPORT,
  });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the report from a tiny end-to-end run', () => {
  it('report --frozen refuses to run upstream stages and names what is missing', async () => {
    const r = await genlab('report', 'cmp', '--frozen');
    expect(r.code).toBe(2);
    expect(r.err).toContain('g/default (no evaluate artifact');
    expect(r.err).toContain('v/default (no evaluate artifact');
    expect(existsSync(join(root, 'artifacts', 'g'))).toBe(false);
  });

  it('genlab run <report> runs the whole pipeline and writes report.md and index.html', async () => {
    const r = await genlab('run', 'cmp');
    expect(r.code).toBe(0);
    expect(r.out).toContain(join(reportDir(), 'index.html'));
    const md = readFileSync(join(reportDir(), 'report.md'), 'utf8');
    expect(md).toContain('Tiny comparison');
    const metrics = manifestOf('v', 'evaluate').result as { metrics: { reconstruction: { mse: number } } };
    expect(metrics.metrics.reconstruction.mse).toBeGreaterThan(0);
  }, 300_000); // the whole pipeline, beside the concurrent-runs test on 2 cores

  it('changing only a report field reruns only the report', async () => {
    const stages = ['data', 'model', 'train', 'sample', 'evaluate'];
    const before = Object.fromEntries(stages.map((s) => [s, manifestOf('g', s).created]));
    const reportBefore = manifestOf('cmp', 'report').created;
    writeFileSync(join(root, 'experiments', 'cmp', 'report.yaml'), REPORT.replace('Tiny comparison', 'Tiny comparison, retitled'));
    expect((await genlab('run', 'cmp')).code).toBe(0);
    expect(Object.fromEntries(stages.map((s) => [s, manifestOf('g', s).created]))).toEqual(before);
    expect(manifestOf('cmp', 'report').created).not.toBe(reportBefore);
    expect(readFileSync(join(reportDir(), 'report.md'), 'utf8')).toContain('retitled');
  });

  it('report --frozen rebuilds from artifacts once they exist, and --out publishes it', async () => {
    writeFileSync(join(root, 'experiments', 'cmp', 'report.yaml'), REPORT.replace('Tiny comparison', 'Frozen title'));
    const r = await genlab('report', 'cmp', '--frozen', '--out', 'docs/results/cmp');
    expect(r.code).toBe(0);
    expect(readFileSync(join(reportDir(), 'report.md'), 'utf8')).toContain('Frozen title');
    expect(r.out).toContain(`Published: ${join(root, 'docs/results/cmp')}`);
    const published = readFileSync(join(root, 'docs/results/cmp/report.md'), 'utf8');
    expect(published).toContain('Published by `genlab report cmp --frozen --out docs/results/cmp`');
    expect(published).toContain('`genlab run g`, `genlab run v`');
  });

  it('computes the claims table from the two runs’ metrics.json', () => {
    const metrics = (name: string) =>
      JSON.parse(readFileSync(join(root, 'artifacts', name, 'default', 'evaluate', 'metrics.json'), 'utf8')).metrics;
    const [g, v] = [metrics('g'), metrics('v')];
    const claims = manifestOf('cmp', 'report').result.claims as { claim: string; verdict: string; gan: string; vae: string }[];
    const fid = claims.find((c) => c.claim.endsWith('lower FID'));
    expect(fid).toMatchObject({
      gan: g.fid.value.toFixed(2),
      vae: v.fid.value.toFixed(2),
      verdict: g.fid.value < v.fid.value ? 'holds' : 'does not hold',
    });
    const blur = claims.find((c) => c.claim.startsWith('VAE samples are blurrier'));
    const [gl, vl, gg, vg] = [
      g.sharpness.ratio.laplacianVariance,
      v.sharpness.ratio.laplacianVariance,
      g.sharpness.ratio.gradientMagnitude,
      v.sharpness.ratio.gradientMagnitude,
    ];
    expect(blur?.verdict).toBe(vl < gl && vg < gg ? 'holds' : vl >= gl && vg >= gg ? 'does not hold' : 'inconclusive');
    const latent = claims.find((c) => c.claim.startsWith('The VAE’s latent space'));
    expect(latent).toMatchObject({
      vae: v.latentClasses.final.toFixed(3),
      verdict: v.latentClasses.final >= 0.8 ? 'holds' : 'does not hold',
    });
    expect(claims.find((c) => c.claim.startsWith('Both models adapt'))?.verdict).toBe('not measured');
  });

  it('sets the two runs side by side at equal training time, from their losses.jsonl and per-epoch scores', () => {
    type Scores = { epochs: { epoch: number; fid: number }[]; samples: number };
    const side = (name: string) => {
      const lines = readFileSync(join(root, 'artifacts', name, 'default', 'train', 'losses.jsonl'), 'utf8')
        .trim()
        .split('\n');
      let sum = 0;
      const seconds = new Map(
        lines.map((l) => JSON.parse(l) as { epoch: number; seconds: number }).map((r) => [r.epoch, (sum += r.seconds)]),
      );
      const metrics = JSON.parse(readFileSync(join(root, 'artifacts', name, 'default', 'evaluate', 'metrics.json'), 'utf8'));
      return { seconds, total: sum, scores: metrics.metrics.scoresByEpoch as Scores };
    };
    const [g, v] = [side('g'), side('v')];
    // The VAE trains 2 epochs and is scored at both; the GAN 1.
    expect(v.scores.epochs.map((e) => e.epoch)).toEqual([1, 2]);
    expect(g.scores.samples).toBe(v.scores.samples);
    const budget = Math.min(g.total, v.total);
    const at = (s: typeof g) => s.scores.epochs.filter((e) => s.seconds.get(e.epoch)! <= budget * (1 + 1e-9)).at(-1) ?? null;
    const [eg, ev] = [at(g), at(v)];
    const [row] = manifestOf('cmp', 'report').result.equalTime as {
      budgetSeconds: number;
      gan: { epoch: number | null; fid?: number };
      vae: { epoch: number | null; fid?: number };
      verdict: string;
    }[];
    expect(row!.budgetSeconds).toBeCloseTo(budget, 9);
    expect([row!.gan.epoch, row!.gan.fid]).toEqual([eg?.epoch ?? null, eg?.fid]);
    expect([row!.vae.epoch, row!.vae.fid]).toEqual([ev?.epoch ?? null, ev?.fid]);
    if (eg && ev && row!.verdict !== 'inconclusive') expect(row!.verdict).toBe(eg.fid < ev.fid ? 'holds' : 'does not hold');
    expect(readFileSync(join(reportDir(), 'report.md'), 'utf8')).toContain('## GAN and VAE at equal training time');
  });

  it('--dry-run lists every cached stage as restored, then what an edit reruns and why, starting nothing', async () => {
    const every = () =>
      ['g', 'v']
        .flatMap((e) => ['data', 'model', 'train', 'sample', 'evaluate'].map((st) => manifestOf(e, st).created))
        .concat(manifestOf('cmp', 'report').created, manifestOf('evaluator', 'evaluator').created);
    const before = every();
    const cached = await genlab('run', 'cmp', '--dry-run');
    expect(cached.code, cached.err).toBe(0);
    const lines = (out: string) => out.split('\n').filter((l) => /^ {2}(run|restore) /.test(l));
    expect(lines(cached.out)).toHaveLength(12);
    expect(lines(cached.out).every((l) => l.startsWith('  restore '))).toBe(true);
    expect(cached.out).toContain('0 of 12 stage(s) would run');

    const file = join(root, 'experiments', 'g', 'experiment.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('evaluate: { samples: 50,', 'evaluate: { samples: 40,'));
    const edited = await genlab('report', 'cmp', '--dry-run');
    expect(edited.code, edited.err).toBe(0);
    const running = lines(edited.out).filter((l) => l.startsWith('  run '));
    expect(running).toHaveLength(2);
    expect(running[0]).toMatch(/^ {2}run +evaluate +g +changed evaluate\.samples +~/);
    expect(running[1]).toMatch(/^ {2}run +report +cmp +upstream g evaluate runs +~/);
    expect(edited.out).toContain('2 of 12 stage(s) would run');
    expect(every()).toEqual(before); // no stage started

    const list = await genlab('list');
    expect(list.out).toContain('g evaluate: changed evaluate.samples');
  });
});
