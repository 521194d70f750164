import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGenlab } from '../../test-support/run-genlab';
import { makeTempWorkspace, TINY_EVALUATOR, TINY_GAN } from '../../test-support/temp-workspace';

// A workspace with one broken experiment and a report that misspells an experiment: both stay
// in the Nx graph as projects whose targets fail with the problem at file:line:col, and work on
// the valid experiment goes on with one warning.

let root: string;
beforeAll(() => {
  root = makeTempWorkspace({
    'ra-gan-latent/experiment.yaml': `name: ra-gan-latent\n${TINY_GAN}`,
    // `epoch:` (line 18) is not a key; `epochs` is.
    'typo/experiment.yaml': `name: typo\n${TINY_GAN.replace('train: { epochs: 1,', 'train: { epoch: 1,')}`,
    'evaluator/evaluator.yaml': TINY_EVALUATOR,
    'ra-report/report.yaml': 'name: ra-report\ntitle: t\nexperiments:\n  - ra-gan-latnet\n',
  });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const TYPO_AT = 'experiments/typo/experiment.yaml:18:10: train.epoch: expected one of the known keys';
const REPORT_AT =
  "experiments/ra-report/report.yaml:4:5: experiments.0: expected the name of a valid experiment (ra-gan-latent), found 'ra-gan-latnet' (did you mean 'ra-gan-latent'?)";

function nx(args: string[]) {
  const res = spawnSync(process.execPath, [join(root, 'node_modules/nx/dist/bin/nx.js'), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', NX_ISOLATE_PLUGINS: 'false' },
  });
  return { code: res.status, out: `${res.stdout}${res.stderr}` };
}

const genlab = (argv: string[]) => runGenlab(argv, root);

describe('a broken spec never vanishes from the Nx graph', () => {
  it('is a project, and nx run-many / affected over it fail naming file:line:col', () => {
    const projects = nx(['show', 'projects']);
    expect(projects.code, projects.out).toBe(0);
    expect(projects.out.split('\n')).toEqual(expect.arrayContaining(['typo', 'ra-report', 'ra-gan-latent', 'evaluator']));
    const many = nx(['run-many', '-t', 'data', '--outputStyle=static']);
    expect(many.code).not.toBe(0);
    expect(many.out).toContain(TYPO_AT);
    expect(many.out).toContain("(did you mean 'epochs'?)");
    const affected = nx(['affected', '-t', 'report', '--files=experiments/typo/experiment.yaml', '--outputStyle=static']);
    expect(affected.code).not.toBe(0);
    expect(affected.out).toContain(TYPO_AT);
  });

  it("a report naming a misspelled experiment fails with its file, line and the closest name, not Nx's implicit-dependency message", () => {
    const report = nx(['run', 'ra-report:report', '--outputStyle=static']);
    expect(report.code).not.toBe(0);
    expect(report.out).toContain(REPORT_AT);
    expect(report.out).not.toContain('implicitDependencies');
  });

  it('genlab run of a valid experiment works, with one warning naming the broken specs', async () => {
    const run = await genlab(['run', 'ra-gan-latent', '--until', 'data']);
    expect(run.code, run.err).toBe(0);
    const warnings = run.err.split('\n').filter((l) => l.includes('warning'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('experiments/typo/experiment.yaml');
    expect(warnings[0]).toContain('experiments/ra-report/report.yaml');
    const broken = await genlab(['run', 'typo']);
    expect(broken.code).toBe(2);
    expect(broken.err).toContain(TYPO_AT);
  });

  it('validate prints ok or the errors for a file, never both', async () => {
    const report = await genlab(['validate', join(root, 'experiments/ra-report/report.yaml')]);
    expect(report.code).toBe(2);
    expect(report.out).toBe('');
    expect(report.err).toContain("found 'ra-gan-latnet' (did you mean 'ra-gan-latent'?)");
    const good = await genlab(['validate', join(root, 'experiments/ra-gan-latent/experiment.yaml')]);
    expect(good.code).toBe(0);
    expect(good.err).toBe('');
    const all = await genlab(['validate']);
    expect(all.code).toBe(2);
    expect(all.out).toMatch(/^ok .*ra-gan-latent\/experiment\.yaml/m);
    expect(all.out).not.toMatch(/typo|ra-report/);
  });
});
