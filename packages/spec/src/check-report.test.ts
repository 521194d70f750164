import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSpecFile } from './load-spec';
import { claimsTables } from './schema/report-schema';
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
    const loaded = loadWorkspace(workspace(`${REPORT}claims: { gan: g, vae: v, latentSweeps: [sweep-v] }\n`)).reports[0].spec;
    expect(claimsTables(loaded).map((t) => t.claims.latentSweeps)).toEqual([['sweep-v']]);
  });

  it('takes a list of titled tables and names the entry of a wrong side, a missing or a repeated title', () => {
    const two = `${REPORT}claims:\n  - { title: one seed, gan: g, vae: v }\n  - { title: every seed, gan: g, vae: sweep-v/latentDim-2 }\n`;
    expect(claimsTables(loadWorkspace(workspace(two)).reports[0].spec).map((t) => [t.claims.title, t.path])).toEqual([
      ['one seed', ['claims', 0]],
      ['every seed', ['claims', 1]],
    ]);
    const wrongSide = issuesOf(() =>
      loadWorkspace(workspace(`${REPORT}claims:\n  - { title: a, gan: g, vae: v }\n  - { title: b, gan: v, vae: g }\n`)),
    );
    expect(wrongSide).toMatch(/report.yaml:6:22: claims.1.gan: expected a GAN experiment, found 'v', a VAE/);
    expect(wrongSide).toMatch(/report.yaml:6:30: claims.1.vae: expected a VAE experiment, found 'g', a GAN/);
    const sameSide = issuesOf(() =>
      loadSpecFile('x/report.yaml', `${REPORT}claims:\n  - { title: a, gan: g, vae: v }\n  - { title: b, gan: v, vae: v }\n`),
    );
    expect(sameSide).toContain("x/report.yaml:6:30: claims.1.vae: expected a different entry than claims.1.gan, found 'v' on both sides");
    const untitled = issuesOf(() =>
      loadSpecFile('x/report.yaml', `${REPORT}claims:\n  - { title: a, gan: g, vae: v }\n  - { gan: g, vae: v }\n`),
    );
    expect(untitled).toContain('x/report.yaml:6:5: claims.1: expected a title of its own');
    const repeated = issuesOf(() =>
      loadSpecFile('x/report.yaml', `${REPORT}claims:\n  - { title: a, gan: g, vae: v }\n  - { title: a, gan: g, vae: v }\n`),
    );
    expect(repeated).toContain(
      "x/report.yaml:6:14: claims.1.title: expected a title of its own (several claims tables are told apart by their titles), found 'a' again",
    );
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
