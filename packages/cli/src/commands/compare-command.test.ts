import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReportFixtures } from '@genlab/report/test-support/build-report-fixtures';
import { main } from '../main';
import { REPO_ROOT, TINY_GAN } from '../../test-support/temp-workspace';
import { runStage } from '@genlab/artifacts';
import {
  EXPERIMENT_STAGES,
  STAGE_FORMAT_VERSIONS,
  artifactDir,
  experimentSlice,
  fingerprint,
  loadSpecFile,
  type ExperimentStage,
  type LoadedExperiment,
} from '@genlab/spec';

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
    const t = JSON.parse(out) as {
      baseline: string;
      rows: { key: string; cells: Record<string, { value: number | null; delta: number | null; better: boolean | null }> }[];
    };
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
    expect((await compare(['fixture-gan', '--baseline', 'fixture-vae'])).err).toContain(
      "--baseline 'fixture-vae' is not one of the compared runs",
    );
    expect((await compare([])).code).toBe(2);
  });

  it('the genlab command itself, piped: no colour codes', () => {
    const r = spawnSync(process.execPath, [join(REPO_ROOT, 'packages/cli/bin/genlab.cjs'), 'compare', 'fixture-gan', 'fixture-vae'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, GENLAB_LOG_LEVEL: 'error' },
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('classifier-FID');
    expect(r.stdout).not.toMatch(/\x1b\[/);
  });
});

describe('genlab compare --rev', () => {
  // A git workspace whose experiment g had FID 20 as first committed (its artifacts now only in
  // the local Nx cache) and FID 15 after a train edit (in artifacts/). The stage folders are
  // written by runStage from the real slices and fingerprints of each spec; only the numbers
  // are declared.
  let ws: string;
  const git = (...args: string[]) => {
    const r = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], { cwd: ws, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
  };
  const specV1 = `name: g\n${TINY_GAN}`;
  const specV2 = `name: g\n${TINY_GAN.replace(/^train: .*$/m, 'train: { epochs: 2, batchSize: 25, checkpointEvery: 1 }')}`;

  beforeAll(async () => {
    ws = mkdtempSync(join(tmpdir(), 'genlab-compare-rev-'));
    writeFileSync(join(ws, 'nx.json'), '{}');
    mkdirSync(join(ws, 'experiments', 'g'), { recursive: true });
    writeFileSync(join(ws, 'experiments', 'g', 'experiment.yaml'), specV1);
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'v1');
    await buildRun(ws, specV1, 20);
    cpSync(join(ws, 'artifacts', 'g'), join(ws, '.nx', 'cache', '1234', 'artifacts', 'g'), { recursive: true });
    writeFileSync(join(ws, 'experiments', 'g', 'experiment.yaml'), specV2);
    git('commit', '-qam', 'v2: train 2 epochs');
    await buildRun(ws, specV2, 15);
  });
  afterAll(() => rmSync(ws, { recursive: true, force: true }));

  const run = async (args: string[]) => {
    let out = '';
    let err = '';
    const code = await main(['compare', ...args], { cwd: ws, out: (s) => (out += s), err: (s) => (err += s) });
    return { code, out, err };
  };

  it('compares against the run that revision defines, found in the Nx cache', async () => {
    const { code, out } = await run(['g', '--rev', 'HEAD~1', '--json']);
    expect(code).toBe(0);
    const t = JSON.parse(out) as {
      baseline: string;
      rows: { key: string; cells: Record<string, { value: number | null; delta: number | null }> }[];
    };
    expect(t.baseline).toBe('g/default@HEAD~1');
    expect(t.rows.map((r) => [r.key, r.cells.fid.value, r.cells.fid.delta])).toEqual([
      ['g/default@HEAD~1', 20, null],
      ['g/default', 15, -5],
    ]);
  });

  it('at HEAD it is the artifact in artifacts/; a revision without a matching artifact or spec is exit 2, named', async () => {
    expect(JSON.parse((await run(['g', '--rev', 'HEAD', '--json'])).out).rows[0].cells.fid.value).toBe(15);
    rmSync(join(ws, '.nx'), { recursive: true });
    const missing = await run(['g', '--rev', 'HEAD~1']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('no evaluate artifact of g/default as HEAD~1 defines it');
    const bad = await run(['g', '--rev', 'no-such-branch']);
    expect([bad.code, bad.err]).toEqual([2, expect.stringContaining('experiments/g/experiment.yaml at no-such-branch')]);
  });
});

/** data..evaluate of the spec's one variant through runStage, with its real slices; metrics.json holds `fid`. */
async function buildRun(ws: string, text: string, fid: number): Promise<void> {
  const v = (loadSpecFile('experiments/g/experiment.yaml', text) as LoadedExperiment).variants[0];
  const reads: Record<string, string[]> = {
    data: [],
    model: [],
    train: ['data', 'model'],
    sample: ['data', 'model', 'train'],
    evaluate: ['data', 'model', 'train', 'sample'],
  };
  for (const stage of EXPERIMENT_STAGES) {
    const slice = experimentSlice(v.spec, stage);
    await runStage({
      root: ws,
      name: 'g',
      variant: v.name,
      stage,
      spec: {},
      slice,
      fingerprint: fingerprint(stage, slice),
      formatVersion: STAGE_FORMAT_VERSIONS[stage],
      seed: v.spec.seed,
      dir: artifactDir(ws, 'g', v.name, stage),
      packageVersion: '0.1.0',
      upstreamDirs: Object.fromEntries(
        reads[stage].map((s) => [s, { dir: artifactDir(ws, 'g', v.name, s as ExperimentStage), name: 'g', variant: v.name, stage: s }]),
      ),
      run: async (ctx) => {
        writeFileSync(
          join(ctx.outDir, stage === 'evaluate' ? 'metrics.json' : 'x'),
          stage === 'evaluate'
            ? JSON.stringify({ evaluator: { name: 'e', fingerprint: 'f', testAccuracy: 1 }, epoch: 1, metrics: { fid: { value: fid } } })
            : '1',
        );
        return { result: {} };
      },
    });
  }
}
