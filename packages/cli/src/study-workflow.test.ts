import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadWorkspace } from '@genlab/spec';
import { REPO_ROOT } from './testing/temp-workspace';

// The example CI workflow keeps its promises: pull requests read, main writes, shards before the
// report, and no CI job but the one a person starts may train an on-demand study.

interface Job { if?: string; needs?: string; env?: Record<string, string>; strategy?: { matrix: { shard: number[] } }; steps: { run?: string }[] }
const workflow = parse(readFileSync(join(REPO_ROOT, '.github', 'workflows', 'study.yml'), 'utf8')) as { env: Record<string, string>; jobs: Record<string, Job> };
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
      const steps = job.steps.map((s) => s.run);
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
    expect(overriding.map(([n, j]) => [n, j.env!.GENLAB_ON_DEMAND, j.if])).toEqual([['train-on-demand', 'run', "github.event_name == 'workflow_dispatch'"]]);
    const ws = loadWorkspace(REPO_ROOT);
    for (const name of ['paper-gan', 'paper-vae']) expect(ws.experiments.find((e) => e.spec.name === name)?.spec.onDemand, name).toBe(true);
    for (const name of ['quickstart-gan', 'latent-sweep-gan', 'latent-sweep-vae']) expect(ws.experiments.find((e) => e.spec.name === name)?.spec.onDemand, name).toBe(false);
  });
});
