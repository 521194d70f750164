import { execFileSync, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENLAB_BIN } from '../../test-support/cache-server-process';
import { makeTempWorkspace, TINY_EVALUATOR, TINY_GAN } from '../../test-support/temp-workspace';

// A full disk under artifacts/, for real: a small tmpfs mounted there (we need root for that;
// without it the tests are skipped and say why), filled while training runs and before
// evaluate. The message must name the folder and the room left, say nothing was lost and where
// a rerun starts; the rerun, once space is back, must resume and finish.

// 40 epochs of 4 tiny steps, a checkpoint each: a few seconds of training to fill the disk in,
// and few enough checkpoints that the finished artifact (which holds them) fits the disk.
const SLOW = `name: slow\n${TINY_GAN.replace('train: { epochs: 1, batchSize: 25, checkpointEvery: 1 }', 'train: { epochs: 40, batchSize: 25, checkpointEvery: 1 }')}`;
const root = makeTempWorkspace({ 'slow/experiment.yaml': SLOW, 'evaluator/evaluator.yaml': TINY_EVALUATOR });
const artifacts = join(root, 'artifacts');
const filler = join(artifacts, 'filler.bin');

/** Mounts a 64 MiB tmpfs on artifacts/; returns why it could not, or null. */
function mountSmallDisk(): string | null {
  mkdirSync(artifacts, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64m', 'tmpfs', artifacts], { stdio: 'pipe' });
    return null;
  } catch (err) {
    return `cannot mount a tmpfs (needs root and mount permission): ${String((err as { stderr?: Buffer }).stderr ?? (err as Error).message).trim()}`;
  }
}
const notMounted = mountSmallDisk();

afterAll(() => {
  if (notMounted === null) execFileSync('umount', [artifacts]);
  rmSync(root, { recursive: true, force: true });
});

/** Writes zeros into artifacts/filler.bin until the file system is full. */
function fillDisk(): void {
  const fd = openSync(filler, 'w');
  const chunk = Buffer.alloc(64 * 1024);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    closeSync(fd);
  }
  // Whatever is left is smaller than a chunk: take it too.
  const last = openSync(filler, 'a');
  try {
    for (;;) writeSync(last, Buffer.alloc(512));
  } catch {
    // full
  } finally {
    closeSync(last);
  }
}

function genlab(...argv: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, GENLAB_THREADS: '1' };
  for (const k of ['GENLAB_RUN_PID', 'GENLAB_RUN_STARTED', 'GENLAB_NO_WAIT']) delete env[k];
  const child = spawn(process.execPath, [GENLAB_BIN, ...argv], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const done = new Promise<{ code: number | null; out: string }>((resolve) => child.on('close', (code) => resolve({ code, out })));
  return { child, out: () => out, done };
}

const until = async (cond: () => boolean, what: string, ms = 180_000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

const trainWork = () => {
  const w = join(artifacts, '.work', 'slow', 'default');
  const d = existsSync(w) ? readdirSync(w).find((x) => x.startsWith('train-')) : undefined;
  return d ? join(w, d, 'checkpoints') : null;
};
const checkpointEpochs = () => {
  const c = trainWork();
  return c && existsSync(c)
    ? readdirSync(c)
        .map((n) => /^epoch-(\d+)$/.exec(n))
        .filter((m) => m !== null && existsSync(join(c, m[0], 'state.json')))
        .map((m) => Number(m![1]))
    : [];
};

describe.skipIf(notMounted !== null)(`a full disk under artifacts/${notMounted ? ` (skipped: ${notMounted})` : ''}`, () => {
  beforeAll(async () => {
    for (const s of ['data', 'model']) {
      const r = await genlab('stage', s, 'slow').done;
      if (r.code !== 0) throw new Error(`test setup: ${s}: ${r.out.slice(-2000)}`);
    }
  }, 300_000);

  it('during train: exit 1, the folder, the room left, nothing lost, resumes from epoch N; the rerun does', async () => {
    const t = genlab('stage', 'train', 'slow');
    await until(() => checkpointEpochs().length > 0 || t.child.exitCode !== null, 'a first checkpoint');
    fillDisk();
    const r = await t.done;
    expect(r.code, r.out.slice(-3000)).toBe(1);
    expect(r.out).toMatch(
      new RegExp(
        `genlab: DiskError: cannot write train of slow/default: no space left on the device \\(ENOSPC\\) in ${artifacts}(/\\S+)? \\(\\d+(\\.\\d)? (bytes|KiB) free there\\)`,
      ),
    );
    expect(r.out).toContain('Nothing was lost: the artifacts already built are intact');
    const resume = /training resumes from its checkpoint of epoch (\d+)\./.exec(r.out);
    expect(resume, r.out.slice(-3000)).not.toBeNull();
    expect(Math.max(...checkpointEpochs())).toBe(Number(resume![1]));
    expect(existsSync(join(artifacts, 'slow', 'default', 'train'))).toBe(false);
    rmSync(filler);
    const again = await genlab('stage', 'train', 'slow').done;
    expect(again.code, again.out.slice(-3000)).toBe(0);
    expect(readFileSync(join(artifacts, 'slow', 'default', 'train', 'log.jsonl'), 'utf8')).toContain(
      `resuming from the checkpoint of epoch ${resume![1]}`,
    );
  }, 600_000);

  it('during evaluate: exit 1, the folder, the room left, nothing lost; the rerun finishes', async () => {
    for (const [s, name] of [
      ['sample', 'slow'],
      ['evaluator', 'evaluator'],
    ]) {
      const r = await genlab('stage', s!, name!).done;
      expect(r.code, `${s}: ${r.out.slice(-2000)}`).toBe(0);
    }
    fillDisk();
    const r = await genlab('stage', 'evaluate', 'slow').done;
    expect(r.code, r.out.slice(-3000)).toBe(1);
    expect(r.out).toMatch(
      new RegExp(
        `genlab: DiskError: cannot write evaluate of slow/default: no space left on the device \\(ENOSPC\\) in ${artifacts}(/\\S+)? \\(\\d+(\\.\\d)? (bytes|KiB) free there\\)`,
      ),
    );
    expect(r.out).toContain('Nothing was lost');
    expect(r.out).toContain('evaluate runs again from its intact upstream artifacts.');
    expect(existsSync(join(artifacts, 'slow', 'default', 'evaluate'))).toBe(false);
    rmSync(filler);
    const again = await genlab('stage', 'evaluate', 'slow').done;
    expect(again.code, again.out.slice(-3000)).toBe(0);
  }, 600_000);

  it('a read-only folder (EACCES is for non-root; root meets EROFS): exit 1, named, nothing lost', async () => {
    execFileSync('mount', ['-o', 'remount,ro', artifacts]);
    try {
      const r = await genlab('stage', 'evaluate', 'slow').done;
      expect(r.code, r.out.slice(-3000)).toBe(1);
      expect(r.out).toMatch(new RegExp(`cannot write evaluate of slow/default: the file system is read-only \\(EROFS\\) in ${artifacts}`));
      expect(r.out).toContain('Make the folder writable');
    } finally {
      execFileSync('mount', ['-o', 'remount,rw', artifacts]);
    }
  }, 300_000);
});
