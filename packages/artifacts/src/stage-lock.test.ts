import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireStageLock, lockFileOf, lockWaiters, StageLockedError, type LockHolder } from './stage-lock';
import { bootId } from './process-liveness';

const base = mkdtempSync(join(tmpdir(), 'genlab-lock-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(base, { recursive: true, force: true });
});

/** A separate Node process that takes the lock, says so on stdout, and holds it until killed. */
function holdInChild(dir: string): Promise<ChildProcess> {
  const code = `require('tsx/cjs/api').register();
    require(${JSON.stringify(join(__dirname, 'stage-lock.ts'))}).acquireStageLock(${JSON.stringify(dir)}, { wait: true })
      .then(() => { process.stdout.write('locked\\n'); setInterval(() => {}, 1000); });`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('locked') && resolve(child));
    child.on('exit', (c) => reject(new Error(`lock holder exited ${c}`)));
  });
}

const exited = (c: ChildProcess) => new Promise((r) => (c.exitCode !== null || c.signalCode !== null ? r(null) : c.on('exit', r)));

describe('acquireStageLock', () => {
  it('refuses at once with --no-wait, naming pid, host and since; takes over after the holder is killed -9', async () => {
    const dir = join(base, 'exp', 'default', 'train');
    const child = await holdInChild(dir);
    const holder = JSON.parse(readFileSync(lockFileOf(dir), 'utf8')) as LockHolder;
    expect(holder).toMatchObject({ pid: child.pid, host: hostname(), bootId: bootId() });
    const refused = await acquireStageLock(dir, { wait: false }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(StageLockedError);
    expect((refused as Error).message).toMatch(new RegExp(`pid ${child.pid} on ${hostname()}, since ${holder.since.replace(/[.]/g, '\\.')}`));

    const waits: (LockHolder | null)[] = [];
    const waiting = acquireStageLock(dir, { wait: true, pollMs: 20, fingerprint: '0123456789abcdef', onWait: (h) => waits.push(h) });
    await new Promise((r) => setTimeout(r, 200));
    expect(waits.map((h) => h?.pid)).toEqual([child.pid]);
    // The waiter is visible to others (genlab ui) while it waits, with what it would compute.
    expect(lockWaiters(dir)).toEqual([expect.objectContaining({ pid: process.pid, fingerprint: '0123456789abcdef' })]);
    child.kill('SIGKILL');
    await exited(child);
    const lock = await waiting;
    expect(JSON.parse(readFileSync(lock.file, 'utf8'))).toMatchObject({ pid: process.pid, fingerprint: '0123456789abcdef' });
    expect(lockWaiters(dir)).toEqual([]);
    expect(readdirSync(join(dir, '..')).filter((n) => n.includes('waiting'))).toEqual([]);
    lock.release();
    expect(existsSync(lock.file)).toBe(false);
  });

  it('takes over a lock from before a reboot (another boot id) and an unreadable one, never one of another host', async () => {
    const dir = join(base, 'exp', 'default', 'sample');
    const stale = { pid: process.pid, host: hostname(), bootId: 'an-earlier-boot', startTicks: null, since: '2026-01-01T00:00:00.000Z' };
    writeFileSync(lockFileOf(dir), JSON.stringify(stale));
    (await acquireStageLock(dir, { wait: false })).release();
    writeFileSync(lockFileOf(dir), '{"pid": 12');
    (await acquireStageLock(dir, { wait: false })).release();
    writeFileSync(lockFileOf(dir), JSON.stringify({ ...stale, host: 'some-other-host', bootId: bootId() }));
    const refused = await acquireStageLock(dir, { wait: false }).catch((e: unknown) => e);
    expect((refused as Error).message).toContain('on some-other-host');
    rmSync(lockFileOf(dir));
  });

  it('never lets two of many processes racing for a dead holder hold the lock at once', async () => {
    const dir = join(base, 'exp', 'default', 'evaluate');
    writeFileSync(lockFileOf(dir), JSON.stringify({ pid: 999999, host: hostname(), bootId: bootId(), startTicks: null, since: new Date().toISOString() }));
    // Each child waits for the lock, holds it 100 ms and prints when it held it.
    const code = `require('tsx/cjs/api').register();
      require(${JSON.stringify(join(__dirname, 'stage-lock.ts'))}).acquireStageLock(${JSON.stringify(dir)}, { wait: true, pollMs: 5 })
        .then((l) => { const t0 = Date.now(); setTimeout(() => { const t1 = Date.now(); l.release(); process.stdout.write(t0 + ' ' + t1); }, 100); });`;
    const outs = await Promise.all(Array.from({ length: 4 }, () => new Promise<string>((resolve) => {
      const c = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      c.stdout!.on('data', (d: Buffer) => (out += d.toString()));
      c.on('exit', () => resolve(out));
    })));
    const held = outs.map((o) => o.split(' ').map(Number)).sort((a, b) => a[0] - b[0]);
    expect(held).toHaveLength(4);
    for (let i = 1; i < held.length; i++) expect(held[i][0]).toBeGreaterThanOrEqual(held[i - 1][1]);
    expect(existsSync(lockFileOf(dir))).toBe(false);
  });
});
