import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../main';
import { makeTempWorkspace, TINY_EVALUATOR, TINY_GAN, TINY_VAE } from '../testing/temp-workspace';

// The whole pipeline once, tiny: data, evaluator, GAN and VAE training, sampling, evaluation
// and the report, through Nx in a temporary workspace. Then the report-only guarantees.

let root: string;
const REPORT = `name: cmp
title: Tiny comparison
experiments: [g, v]
`;
const reportDir = () => join(root, 'artifacts', 'cmp', 'default', 'report');
const manifestOf = (name: string, stage: string) => JSON.parse(readFileSync(join(root, 'artifacts', name, 'default', stage, 'manifest.json'), 'utf8'));
async function genlab(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, { cwd: root, out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

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

  it('report --frozen rebuilds from artifacts once they exist', async () => {
    writeFileSync(join(root, 'experiments', 'cmp', 'report.yaml'), REPORT.replace('Tiny comparison', 'Frozen title'));
    const r = await genlab('report', 'cmp', '--frozen');
    expect(r.code).toBe(0);
    expect(readFileSync(join(reportDir(), 'report.md'), 'utf8')).toContain('Frozen title');
  });
});
