import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempWorkspace, TINY_EVALUATOR, TINY_GAN } from '../../test-support/temp-workspace';

// Stopping genlab through the wrappers people run (npm start, npm run genlab, npx genlab), which
// do not pass signals on: the signal goes to the outermost process only, as `timeout`, systemd
// or a CI runner's cancel button send it. Real npm, real Nx, real (tiny) training.

// 300 epochs of 4 tiny steps, a checkpoint every 5: long enough to be stopped four times in the
// middle of it (each stopped run gets only a few checkpoints further).
const SLOW = `name: slow\n${TINY_GAN.replace('train: { epochs: 1, batchSize: 25, checkpointEvery: 1 }', 'train: { epochs: 300, batchSize: 25, checkpointEvery: 5 }')}`;
let root: string;
const started: ChildProcess[] = [];

beforeAll(() => {
  root = makeTempWorkspace({ 'slow/experiment.yaml': SLOW, 'evaluator/evaluator.yaml': TINY_EVALUATOR });
  // `npm start` as the repository defines it, on this workspace's experiment.
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  if (!pkg.scripts.start.endsWith(' run quickstart')) throw new Error(`test setup: unexpected start script '${pkg.scripts.start}'`);
  pkg.scripts.start = pkg.scripts.start.replace(/ run quickstart$/, ' run slow --until train');
  writeFileSync(join(root, 'package.json'), JSON.stringify(pkg, null, 2));
});
afterAll(() => {
  for (const pid of processesIn(root)) process.kill(pid, 'SIGKILL');
  rmSync(root, { recursive: true, force: true });
});

/** Every process working in `dir` (npm, its shell, genlab, Nx, the stages): the tree we started there. */
function processesIn(dir: string): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d) && Number(d) !== process.pid)
    .filter((pid) => {
      try {
        return readlinkSync(`/proc/${pid}/cwd`) === dir && !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
      } catch {
        return false; // gone while we looked
      }
    })
    .map(Number);
}

function wrapper(cmd: 'npm' | 'npx', args: string[], env: NodeJS.ProcessEnv = {}) {
  const e: NodeJS.ProcessEnv = { ...process.env, GENLAB_THREADS: '1', ...env };
  for (const k of ['GENLAB_RUN_PID', 'GENLAB_RUN_STARTED', 'GENLAB_NO_WAIT', 'npm_command', 'npm_lifecycle_event']) delete e[k];
  const child = spawn(cmd, args, { cwd: root, env: e, stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return { child, out: () => out };
}

const until = async (cond: () => boolean, what: string, ms = 180_000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

const work = () => join(root, 'artifacts', '.work', 'slow', 'default');
/** The epoch of the last checkpoint training has written so far (they live in its work folder until it finishes), or 0. */
const lastCheckpoint = () => {
  const w = work();
  if (!existsSync(w)) return 0;
  const names = readdirSync(w)
    .filter((d) => d.startsWith('train-'))
    .flatMap((d) => (existsSync(join(w, d, 'checkpoints')) ? readdirSync(join(w, d, 'checkpoints')) : []));
  return Math.max(
    0,
    ...names
      .map((n) => /^epoch-(\d+)$/.exec(n))
      .filter((m) => m !== null)
      .map((m) => Number(m[1])),
  );
};

describe('signals to the outermost wrapper stop the whole tree', () => {
  const CASES: [NodeJS.Signals, string, 'npm' | 'npx', string[]][] = [
    ['SIGTERM', 'npm start', 'npm', ['start']],
    ['SIGINT', 'npx genlab run', 'npx', ['genlab', 'run', 'slow', '--until', 'train']],
    ['SIGHUP', 'npm run genlab -- run', 'npm', ['run', 'genlab', '--', 'run', 'slow', '--until', 'train']],
    ['SIGKILL', 'npx genlab run', 'npx', ['genlab', 'run', 'slow', '--until', 'train']],
  ];
  let runs = 0;
  it.each(CASES)(
    '%s to the outermost process of %s during training: no process of the tree is left, checkpoints are kept, each run resumes the last',
    async (signal, _what, cmd, args) => {
      const before = lastCheckpoint();
      const w = wrapper(cmd, args);
      await until(() => lastCheckpoint() > before || w.child.exitCode !== null, 'a new checkpoint');
      expect(w.child.exitCode, w.out().slice(-2000)).toBeNull();
      w.child.kill(signal);
      // genlab notices that npm is gone and stops as on SIGTERM; training stops at its next step.
      await until(() => processesIn(root).length === 0, 'no process of the tree left', 60_000).catch(() => undefined);
      expect(processesIn(root), w.out().slice(-2000)).toEqual([]);
      expect(lastCheckpoint()).toBeGreaterThan(before);
      if (runs++ > 0) expect(w.out()).toContain('resuming from the checkpoint of epoch');
      expect(existsSync(join(root, 'artifacts', 'slow', 'default', 'train', 'manifest.json'))).toBe(false);
    },
    300_000,
  );

  it('a rerun after them all finishes the training from the last checkpoint', async () => {
    const w = wrapper('npm', ['start']);
    const code = await new Promise((resolve) => w.child.on('close', resolve));
    expect(code, w.out().slice(-2000)).toBe(0);
    expect(w.out()).toContain('resuming from the checkpoint of epoch');
    expect(readFileSync(join(root, 'artifacts', 'slow', 'default', 'train', 'log.jsonl'), 'utf8')).toContain(
      'resuming from the checkpoint of epoch',
    );
  }, 300_000);
});

describe('npx genlab cache serve stopped through npx', () => {
  it.each(['SIGTERM', 'SIGINT', 'SIGKILL'] as const)(
    '%s to npx: the server drains, logs "stopped" and is gone',
    async (signal) => {
      const dir = mkdtempSync(join(tmpdir(), 'genlab-serve-'));
      try {
        // In the workspace, where npx finds genlab; the entries elsewhere.
        const w = wrapper('npx', ['genlab', 'cache', 'serve', '--port', '0', '--dir', join(dir, 'store')], {
          GENLAB_CACHE_READ_TOKENS: 'read-token-0123456789',
        });
        await until(() => w.out().includes('"msg":"listening"') || w.child.exitCode !== null, 'the server to listen', 60_000);
        const url = /"url":"([^"]+)"/.exec(w.out())![1]!;
        expect((await fetch(`${url}/health`)).status).toBe(200);
        w.child.kill(signal);
        await until(() => processesIn(root).length === 0, 'the server to exit', 60_000).catch(() => undefined);
        expect(processesIn(root)).toEqual([]);
        await until(() => w.out().includes('"msg":"stopped"'), 'its last log line', 10_000).catch(() => undefined);
        expect(w.out()).toContain('"msg":"stopped"');
      } finally {
        for (const pid of processesIn(root)) process.kill(pid, 'SIGKILL');
        rmSync(dir, { recursive: true, force: true });
      }
    },
    120_000,
  );
});
