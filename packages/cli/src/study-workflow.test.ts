import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { importedSampleFiles, loadWorkspace } from '@genlab/spec';
import { REPO_ROOT } from '../test-support/temp-workspace';

// The example CI workflow keeps its promises: pull requests read, main writes, shards before the
// report, and no CI job but the one a person starts may train an on-demand study.

interface Step {
  name?: string;
  run?: string;
  uses?: string;
  with?: Record<string, unknown>;
}
interface Job {
  if?: string;
  needs?: string;
  container?: string;
  env?: Record<string, string>;
  strategy?: { matrix: { shard: number[] } };
  steps: Step[];
}
const workflow = parse(readFileSync(join(REPO_ROOT, '.github', 'workflows', 'study.yml'), 'utf8')) as {
  env: Record<string, string>;
  jobs: Record<string, Job>;
};
const token = (j: Job) => j.env?.NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN;
const runs = (j: Job) => j.steps.map((s) => s.run ?? '').join('\n');

describe('.github/workflows/study.yml', () => {
  it('pull requests get the read-only token; everything on main the read-write one', () => {
    for (const [name, job] of Object.entries(workflow.jobs)) {
      if (job.if?.includes("'pull_request'")) expect(token(job), name).toBe('${{ secrets.GENLAB_CACHE_READ_TOKEN }}');
      else expect(token(job), name).toBe('${{ secrets.GENLAB_CACHE_WRITE_TOKEN }}');
    }
    expect(runs(workflow.jobs.affected)).toContain('nx affected -t report');
  });

  it('checks every spec with genlab validate right after npm ci, in every job', () => {
    for (const [name, job] of Object.entries(workflow.jobs)) {
      // After npm ci and the native-build check (a test below), the first command validates.
      const steps = job.steps.map((s) => s.run).filter((r) => !/genlab_native\.node/.test(r ?? ''));
      expect(steps[steps.indexOf('npm ci') + 1], name).toBe('npx genlab validate');
    }
  });

  it('runs the shared evaluator, then the shards, then the report', () => {
    expect(workflow.jobs.shards.needs).toBe('shared');
    expect(workflow.jobs.report.needs).toBe('shards');
    const m = /genlab run (\S+) --shard \$\{\{ matrix.shard \}\}\/(\d+)/.exec(runs(workflow.jobs.shards));
    expect(m).not.toBeNull();
    expect(Number(m![2])).toBe(workflow.jobs.shards.strategy!.matrix.shard.length);
    const ws = loadWorkspace(REPO_ROOT);
    expect(ws.reports.map((r) => r.spec.name)).toContain(m![1]);
  });

  it('refuses on-demand training in every job but the one a person starts, and the paper study is on demand', () => {
    expect(workflow.env.GENLAB_ON_DEMAND).toBe('refuse');
    const overriding = Object.entries(workflow.jobs).filter(([, j]) => j.env?.GENLAB_ON_DEMAND !== undefined);
    expect(overriding.map(([n, j]) => [n, j.env!.GENLAB_ON_DEMAND, j.if])).toEqual([
      ['train-on-demand', 'run', "github.event_name == 'workflow_dispatch'"],
    ]);
    const ws = loadWorkspace(REPO_ROOT);
    for (const name of ['paper-gan', 'paper-vae']) expect(ws.experiments.find((e) => e.spec.name === name)?.spec.onDemand, name).toBe(true);
    for (const name of ['quickstart-gan', 'latent-sweep-gan', 'latent-sweep-vae'])
      expect(ws.experiments.find((e) => e.spec.name === name)?.spec.onDemand, name).toBe(false);
  });

  it('an experiment whose samples file is not in the repository is on demand: validate warns, no CI job runs it', () => {
    const ws = loadWorkspace(REPO_ROOT);
    const outside = ws.experiments.filter(
      (e) =>
        e.spec.samples &&
        spawnSync('git', ['ls-files', '--', e.spec.samples.from], { cwd: REPO_ROOT, encoding: 'utf8' }).stdout.trim() === '',
    );
    expect(outside.map((e) => e.spec.name)).toContain('paper-gan-torch');
    for (const e of outside) {
      // CI runs reports without tag:genlab:on-demand; a report listing an on-demand experiment has the tag.
      expect(e.spec.onDemand, e.spec.name).toBe(true);
      // A warning at each file not written yet, and only there.
      const missing = importedSampleFiles(e.spec.samples!)
        .filter((f) => !existsSync(join(REPO_ROOT, f.from)))
        .map((f) => f.at.join('.'));
      expect(
        e.warnings.map((w) => w.path),
        e.spec.name,
      ).toEqual(missing);
    }
  });

  it('every job that trains installs oneDNN before npm ci, caches ~/.npm, and fails unless the native kernels built', () => {
    // A job trains when it runs genlab or Nx (a cache miss computes the stage on the runner).
    const training = Object.entries(workflow.jobs).filter(([, j]) => /\b(genlab|nx) /.test(runs(j)));
    expect(training.map(([n]) => n).sort()).toEqual(Object.keys(workflow.jobs).sort());
    for (const [name, job] of training) {
      const at = (test: (s: Step) => boolean) => job.steps.findIndex(test);
      const ci = at((s) => /^npm ci\b/.test(s.run ?? ''));
      const onednn = at((s) => /apt-get install\b.*\blibdnnl-dev\b/.test(s.run ?? ''));
      const node = at((s) => (s.uses ?? '').startsWith('actions/setup-node@'));
      const check = at((s) =>
        /test -f packages\/backend-native\/build\/Release\/genlab_native\.node \|\| \{.*exit 1; \}/.test(s.run ?? ''),
      );
      const firstWork = at((s) => /\b(genlab|nx) /.test(s.run ?? ''));
      expect(ci, `${name}: npm ci`).toBeGreaterThan(0);
      expect(onednn, `${name}: apt-get install libdnnl-dev before npm ci`).toBeGreaterThanOrEqual(0);
      expect(onednn, `${name}: oneDNN before npm ci`).toBeLessThan(ci);
      expect(node, `${name}: actions/setup-node before npm ci`).toBeLessThan(ci);
      expect(node).toBeGreaterThanOrEqual(0);
      expect(job.steps[node]!.with?.cache, `${name}: setup-node caches npm's cache (~/.npm)`).toBe('npm');
      expect(check, `${name}: the native build checked right after npm ci`).toBe(ci + 1);
      expect(firstWork, `${name}: nothing trains before the check`).toBeGreaterThan(check);
      // Hosted runners: Debian 12, whose libdnnl-dev is the oneDNN 2 API the kernels use.
      if (!JSON.stringify(job).includes('self-hosted')) expect(job.container, `${name}: container`).toMatch(/bookworm/);
    }
  });

  it('the GPU job installs the TensorFlow binding with genlab setup gpu, which verifies it', () => {
    const steps = workflow.jobs['train-on-demand']!.steps.map((s) => s.run ?? '');
    expect(steps.indexOf('npx genlab setup gpu')).toBeGreaterThan(steps.findIndex((r) => r.startsWith('npm ci')));
    expect(steps.indexOf('npx genlab setup gpu')).toBeLessThan(steps.findIndex((r) => r.startsWith('npx genlab run')));
    expect(steps.join('\n')).not.toMatch(/npm install .*tfjs-node/);
  });
});
