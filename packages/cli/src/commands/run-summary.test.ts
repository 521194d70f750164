import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempWorkspace, REPO_ROOT, TINY_EVALUATOR, TINY_GAN } from '../../test-support/temp-workspace';

// A run ends with its results: the real command, piped (JSON, the default), piped with
// --log plain, and in a pseudo-terminal; the second and third runs restore every stage, and
// what Nx replays of them is marked as replayed.

const GENLAB = join(REPO_ROOT, 'packages', 'cli', 'bin', 'genlab.cjs');
let root: string;
const env = (): NodeJS.ProcessEnv => {
  const e: NodeJS.ProcessEnv = { ...process.env, GENLAB_THREADS: '1', CI: 'false', TERM: 'xterm-256color' };
  for (const k of ['FORCE_COLOR', 'NO_COLOR', 'GENLAB_PROGRESS']) delete e[k];
  return e;
};
const genlab = (args: string[]) =>
  spawnSync(process.execPath, [GENLAB, ...args], { cwd: root, env: env(), encoding: 'utf8', timeout: 600_000 });

beforeAll(() => {
  root = makeTempWorkspace({
    'g/experiment.yaml': `name: g\n${TINY_GAN}sweep:\n  seed: [3, 4]\n`,
    'evaluator/evaluator.yaml': TINY_EVALUATOR,
  });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const metrics = (variant: string) =>
  (
    JSON.parse(readFileSync(join(root, 'artifacts', 'g', variant, 'evaluate', 'metrics.json'), 'utf8')) as {
      metrics: { fid: { value: number }; is: { mean: number } };
    }
  ).metrics;

describe('the end of genlab run', () => {
  it('piped: the last line is one JSON object with each variant, its metrics and paths', () => {
    const res = genlab(['run', 'g']);
    expect(res.status, res.stdout + res.stderr).toBe(0);
    const last = JSON.parse(res.stdout.trim().split('\n').at(-1)!) as {
      summary: {
        runs: {
          experiment: string;
          variant: string;
          artifacts: string;
          metricsFile: string;
          metrics: { fid: number; is: { mean: number } };
        }[];
      };
    };
    expect(last.summary.runs.map((r) => [r.experiment, r.variant, r.artifacts, r.metricsFile])).toEqual([
      ['g', 'seed-3', 'artifacts/g/seed-3', 'artifacts/g/seed-3/evaluate/metrics.json'],
      ['g', 'seed-4', 'artifacts/g/seed-4', 'artifacts/g/seed-4/evaluate/metrics.json'],
    ]);
    for (const r of last.summary.runs) {
      expect(r.metrics.fid).toBe(metrics(r.variant).fid.value);
      expect(r.metrics.is.mean).toBe(metrics(r.variant).is.mean);
    }
  }, 620_000);

  it('--log plain: readable lines, replayed ones marked, and the results table last', () => {
    const res = genlab(['run', 'g', '--log', 'plain']);
    expect(res.status, res.stdout + res.stderr).toBe(0);
    const lines = res.stdout.trim().split('\n');
    expect(lines.filter((l) => l.startsWith('{'))).toEqual([]);
    // Every stage came from the cache: its old log lines are marked, never shown as if they ran now.
    const running = lines.filter((l) => /running \w+: /.test(l));
    expect(running.length).toBeGreaterThan(0);
    for (const l of running) expect(l).toMatch(/^replayed /);
    const table = lines.slice(lines.indexOf('Results:'));
    expect(table[1]).toMatch(/^ {2}run +classifier-FID +classifier-IS +classes +precision \/ recall +recon\. MSE +artifacts$/);
    expect(table[2]).toMatch(
      new RegExp(`^  g/seed-3 +${metrics('seed-3').fid.value.toFixed(2)} +\\S+ ± \\S+ +\\d+/10 +\\S+ / \\S+ +- +artifacts/g/seed-3$`),
    );
    expect(table).toHaveLength(4);
  }, 620_000);

  it('in a terminal: the same table ends the run', () => {
    const res = spawnSync(
      'script',
      ['-qfec', `stty cols 160 rows 40; exec "${process.execPath}" "${GENLAB}" run g --variant seed-4`, '/dev/null'],
      { cwd: root, env: env(), input: '', encoding: 'utf8', timeout: 600_000 },
    );
    expect(res.status, res.stdout + res.stderr).toBe(0);
    const lines = stripVTControlCharacters(res.stdout).replace(/\r/g, '').trim().split('\n');
    expect(lines.at(-3)).toBe('Results:');
    expect(lines.at(-1)).toMatch(new RegExp(`^  g/seed-4 +${metrics('seed-4').fid.value.toFixed(2)} .* artifacts/g/seed-4$`));
  }, 620_000);
});
