import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSpecFile } from './load-spec';
import { SpecError } from './spec-error';
import { loadWorkspace } from './workspace';

const REPO_ROOT = resolve(__dirname, '..', '..', '..');
const REPORT = `name: cmp
title: GAN vs VAE
experiments: [g, v, sweep-v/latentDim-2]
`;

function issuesOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof SpecError) return err.message;
    throw err;
  }
  return '';
}

const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

/** A workspace with a GAN `g`, a VAE `v` and a VAE `sweep-v` sweeping latentDim (or `sweepField`). */
function workspace(report: string, sweepField = 'model.latentDim'): string {
  const root = mkdtempSync(join(tmpdir(), 'genlab-claims-'));
  roots.push(root);
  const specs: Record<string, string> = {
    'g/experiment.yaml': 'name: g\npreset: paper-gan\n',
    'v/experiment.yaml': 'name: v\npreset: paper-vae\n',
    'sweep-v/experiment.yaml': `name: sweep-v\npreset: paper-vae\nsweep:\n  ${sweepField}: [2, 10]\n`,
    'evaluator/evaluator.yaml': readFileSync(join(REPO_ROOT, 'experiments/evaluator/evaluator.yaml'), 'utf8'),
    'cmp/report.yaml': report,
  };
  for (const [rel, text] of Object.entries(specs)) {
    mkdirSync(join(root, 'experiments', rel, '..'), { recursive: true });
    writeFileSync(join(root, 'experiments', rel), text);
  }
  return root;
}

describe('report claims', () => {
  it('defaults to no claims table', () => {
    const r = loadSpecFile('x/report.yaml', REPORT);
    expect(r.kind === 'report' && r.spec.claims).toBeNull();
  });

  it('accepts a variant of a compared experiment', () => {
    const r = loadSpecFile('x/report.yaml', `${REPORT}claims: { gan: g, vae: sweep-v/latentDim-2 }\n`);
    expect(r.kind === 'report' && r.spec.claims).toEqual({ gan: 'g', vae: 'sweep-v/latentDim-2' });
  });

  it('names the line of a side the report does not compare, and of an unknown key', () => {
    const text = `${REPORT}claims:\n  gan: paper-gan\n  vae: v\n  latentSweeps: [nope]\n`;
    const msg = issuesOf(() => loadSpecFile('x/report.yaml', text));
    expect(msg).toContain(
      "x/report.yaml:5:8: claims.gan: expected an entry of experiments (g, v, sweep-v/latentDim-2) or a variant of one, found 'paper-gan'",
    );
    expect(msg).toContain("x/report.yaml:7:18: claims.latentSweeps.0: expected an experiment of experiments (g, v, sweep-v), found 'nope'");
    expect(issuesOf(() => loadSpecFile('x/report.yaml', `${REPORT}claims: { gan: g, vae: v, extra: 1 }\n`))).toMatch(
      /claims: .*must NOT have additional properties/,
    );
  });

  it('checks across files that the GAN side is a GAN and a latent sweep sweeps latentDim', () => {
    const root = workspace(`${REPORT}claims:\n  gan: v\n  vae: g\n  latentSweeps: [sweep-v]\n`, 'seed');
    const msg = issuesOf(() => loadWorkspace(root));
    expect(msg).toMatch(/report.yaml:5:8: claims.gan: expected a GAN experiment, found 'v', a VAE/);
    expect(msg).toMatch(/report.yaml:6:8: claims.vae: expected a VAE experiment, found 'g', a GAN/);
    expect(msg).toMatch(/claims.latentSweeps.0: expected an experiment that sweeps model.latentDim, found 'sweep-v' \(sweeps: seed\)/);
    expect(
      loadWorkspace(workspace(`${REPORT}claims: { gan: g, vae: v, latentSweeps: [sweep-v] }\n`)).reports[0].spec.claims?.latentSweeps,
    ).toEqual(['sweep-v']);
  });
});

describe('report figureExperiments', () => {
  it('takes compared entries and names the line of one the report does not compare', () => {
    const r = loadSpecFile('x/report.yaml', `${REPORT}figureExperiments: [v, sweep-v/latentDim-2]\n`);
    expect(r.kind === 'report' && r.spec.figureExperiments).toEqual(['v', 'sweep-v/latentDim-2']);
    const msg = issuesOf(() => loadSpecFile('x/report.yaml', `${REPORT}figureExperiments:\n  - g\n  - paper-vae\n`));
    expect(msg).toContain(
      "x/report.yaml:6:5: figureExperiments.1: expected an entry of experiments (g, v, sweep-v/latentDim-2) or a variant of one, found 'paper-vae'",
    );
  });
});
