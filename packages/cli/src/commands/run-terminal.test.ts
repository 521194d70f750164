import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempWorkspace, REPO_ROOT, TINY_EVALUATOR, TINY_GAN } from '../../test-support/temp-workspace';
import { terminalScreen } from '../../test-support/terminal-screen';

// What a researcher sees: `genlab run` in a real pseudo-terminal (util-linux `script`), and the
// same command with its output piped, as CI runs it. 1,000 images, 1 epoch, batches of 10: 100
// steps, so the progress line (redrawn at most every 200 ms) is redrawn a few times even on fast
// kernels; with 200 images the native backend finished inside one redraw interval.

const GENLAB = join(REPO_ROOT, 'packages', 'cli', 'bin', 'genlab.cjs');
const spec = (name: string) =>
  `name: ${name}\n${TINY_GAN.replace('trainLimit: 100', 'trainLimit: 1000').replace('batchSize: 25', 'batchSize: 10')}`;
let root: string;

/** The environment of an interactive shell: CI=false makes Nx behave as on a laptop (it asks its analytics question only there). */
function interactiveEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CI: 'false', TERM: 'xterm-256color' };
  for (const k of ['GITHUB_ACTIONS', 'GITLAB_CI', 'BUILD_ID', 'BUILD_NUMBER', 'JENKINS_URL', 'FORCE_COLOR', 'NO_COLOR', 'GENLAB_PROGRESS'])
    delete env[k];
  return env;
}

beforeAll(() => {
  root = makeTempWorkspace({
    'tty/experiment.yaml': spec('tty'),
    'piped/experiment.yaml': spec('piped'),
    'evaluator/evaluator.yaml': TINY_EVALUATOR,
  });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('genlab run for a researcher at a terminal and for CI', () => {
  it('Nx itself, run in a terminal, does not ask its analytics question: nx.json settles it', () => {
    const nxJson = readFileSync(join(root, 'nx.json'));
    const nx = join(root, 'node_modules', 'nx', 'dist', 'bin', 'nx.js');
    const res = spawnSync('script', ['-qfec', `exec "${process.execPath}" "${nx}" show projects`, '/dev/null'], {
      cwd: root,
      env: { ...interactiveEnv(), NX_DAEMON: 'false' },
      input: '',
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(res.status, res.stdout + res.stderr).toBe(0);
    expect(res.stdout).not.toMatch(/usage data|Share usage/i);
    expect(res.stdout).toMatch(/^tty\r?$/m);
    expect(readFileSync(join(root, 'nx.json')).equals(nxJson)).toBe(true);
  }, 130_000);

  it('in a terminal: asks nothing, leaves nx.json alone, redraws progress in place, one pretty line per log', () => {
    const nxJson = readFileSync(join(root, 'nx.json'));
    // script's stdin is empty: a question would wait until the timeout and fail the test.
    const res = spawnSync(
      'script',
      ['-qfec', `stty cols 120 rows 40; exec "${process.execPath}" "${GENLAB}" run tty --until sample`, '/dev/null'],
      {
        cwd: root,
        env: interactiveEnv(),
        input: '',
        encoding: 'utf8',
        timeout: 300_000,
      },
    );
    const bytes = res.stdout;
    expect(res.status, bytes + res.stderr).toBe(0);
    expect(bytes).not.toMatch(/usage data|Share usage/i);
    expect(readFileSync(join(root, 'nx.json')).equals(nxJson)).toBe(true);

    // The train line was redrawn in place: several \r redraws on at most two physical lines (the
    // epoch's log row is printed above it, and it is drawn again below)...
    expect(bytes.match(/\repoch 1\/1 step \d+\/100 /g)?.length).toBeGreaterThanOrEqual(2);
    expect(bytes.split('\n').filter((l) => l.includes('epoch 1/1 step')).length).toBeLessThanOrEqual(2);
    // ...and what stays on screen is one line per progress display, no fragments run together.
    const screen = terminalScreen(bytes);
    expect(screen.filter((l) => l.includes('epoch 1/1 step'))).toEqual([
      expect.stringMatching(/^epoch 1\/1 step \d+\/100 dLoss \S+ gLoss \S+ \S+ img\/s ETA \S+$/),
    ]);
    expect(screen.filter((l) => /^samples \d/.test(l))).toEqual([expect.stringMatching(/^samples 50\/50 images in \d+s$/)]);
    expect(screen.filter((l) => /step.*step|\{"progress"|^tty:/.test(l))).toEqual([]);
    expect(screen).toContainEqual(
      expect.stringMatching(/^\[\d\d:\d\d:\d\d\] INFO: tty\/default train: training gan on 1000 images, epochs 1\.\.1$/),
    );
    expect(screen).toContainEqual(expect.stringMatching(/^\[\d\d:\d\d:\d\d\] INFO: tty\/default train: epoch 1\/1: dLoss/));
  }, 320_000);

  it('piped: every line on stdout and stderr is one JSON object, and there is no live progress', () => {
    const res = spawnSync(process.execPath, [GENLAB, 'run', 'piped', '--until', 'train'], {
      cwd: root,
      env: interactiveEnv(),
      encoding: 'utf8',
      timeout: 300_000,
    });
    expect(res.status, res.stdout + res.stderr).toBe(0);
    const parse = (text: string) =>
      text
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
    const out = parse(res.stdout);
    const err = parse(res.stderr);
    expect(out).toContainEqual(
      expect.objectContaining({ plain: true, msg: expect.stringMatching(/Successfully ran target train for project piped/) }),
    );
    expect(err).toContainEqual(
      expect.objectContaining({ stage: 'train', name: 'piped', msg: expect.stringMatching(/^epoch 1\/1: dLoss/) }),
    );
    expect([...out, ...err].filter((o) => 'progress' in o && !('level' in o))).toEqual([]);
  }, 320_000);
});
