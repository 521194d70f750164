import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReportFixtures } from '@genlab/report/src/testing/build-report-fixtures';
import { main } from '../main';
import { REPO_ROOT } from '../testing/temp-workspace';

process.env.GENLAB_LOG_LEVEL = 'error';

// The report's fixture artifacts (real stage folders with declared metric values): fixture-gan
// (FID 14.2, IS 8.31, no reconstruction), fixture-vae (FID 31.7, IS 7.42, MSE 0.0291) and the
// two-variant fixture-sweep.
let root: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'genlab-compare-'));
  writeFileSync(join(root, 'nx.json'), '{}');
  mkdirSync(join(root, 'experiments'));
  await buildReportFixtures(root);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function compare(args: string[], isTty = false): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(['compare', ...args], { cwd: root, out: (s) => (out += s), err: (s) => (err += s), isTty });
  return { code, out, err };
}

describe('genlab compare', () => {
  it('piped: plain aligned text, deltas against the first run, a missing metric as "missing"', async () => {
    const { code, out } = await compare(['fixture-gan', 'fixture-vae']);
    expect(code).toBe(0);
    expect(out).not.toMatch(/\x1b\[/);
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^metric\s+fixture-gan\/default \(baseline\)\s+fixture-vae\/default$/);
    // Right-aligned columns: every row of the table ends at the same column.
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
    const fid = lines.find((l) => l.startsWith('classifier-FID'));
    expect(fid).toMatch(/14\.20\s+31\.70 \(\+17\.50, \+123\.2%\)$/);
    const mse = lines.find((l) => l.startsWith('reconstruction MSE'));
    expect(mse).toMatch(/missing\s+0\.0291$/);
    expect(mse).not.toMatch(/0\.0000/);
  });

  it('on a terminal: worse deltas red, better ones green', async () => {
    const { out } = await compare(['fixture-vae', 'fixture-gan'], true);
    const fid = out.split('\n').find((l) => l.startsWith('classifier-FID'))!;
    // fixture-gan's FID is 17.5 lower than the baseline fixture-vae's: better, green.
    expect(fid).toContain('\x1b[32m(-17.50, -55.2%)\x1b[0m');
    const is = out.split('\n').find((l) => l.startsWith('classifier-IS'))!;
    expect(is).toContain('\x1b[32m(+0.89');
    // Its recall is 0.09 lower: worse, red.
    const recall = out.split('\n').find((l) => l.startsWith('recall'))!;
    expect(recall).toContain('\x1b[31m(-0.090, -14.8%)\x1b[0m');
  });

  it('--json parses; null where a metric is missing; a name alone means all its variants; --baseline picks the reference', async () => {
    const { code, out } = await compare(['fixture-sweep', 'fixture-gan', '--baseline', 'fixture-sweep/latentDim-8', '--json']);
    expect(code).toBe(0);
    const t = JSON.parse(out) as { baseline: string; rows: { key: string; cells: Record<string, { value: number | null; delta: number | null; better: boolean | null }> }[] };
    expect(t.baseline).toBe('fixture-sweep/latentDim-8');
    expect(t.rows.map((r) => r.key)).toEqual(['fixture-sweep/latentDim-2', 'fixture-sweep/latentDim-8', 'fixture-gan/default']);
    const [two, , gan] = t.rows;
    expect(two.cells.fid.delta).toBeCloseTo(48.9 - 33.4, 10);
    expect(two.cells.fid.better).toBe(false);
    expect(gan.cells.reconstructionMse).toEqual({ value: null, delta: null, relative: null, better: null });
    expect(t.rows[1].cells.fid.delta).toBeNull();
  });

  it('bad names are usage errors (exit 2): unknown, a path, an unknown baseline', async () => {
    expect((await compare(['nope'])).code).toBe(2);
    const path = await compare(['../fixture-gan']);
    expect(path.code).toBe(2);
    expect(path.err).toContain("'../fixture-gan' is not <experiment> or <experiment>/<variant>");
    expect((await compare(['fixture-gan/..'])).code).toBe(2);
    expect((await compare(['fixture-gan', '--baseline', 'fixture-vae'])).err).toContain("--baseline 'fixture-vae' is not one of the compared runs");
    expect((await compare([])).code).toBe(2);
  });

  it('the genlab command itself, piped: no colour codes', () => {
    const r = spawnSync(process.execPath, [join(REPO_ROOT, 'packages/cli/bin/genlab.cjs'), 'compare', 'fixture-gan', 'fixture-vae'], { cwd: root, encoding: 'utf8', env: { ...process.env, GENLAB_LOG_LEVEL: 'error' } });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('classifier-FID');
    expect(r.stdout).not.toMatch(/\x1b\[/);
  });
});
