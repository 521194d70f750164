import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheDeadlines, startRemoteCacheForwarder, type CacheDeadlines } from './remote-cache-forwarder';
import { GENLAB_BIN, startCacheServerProcess, type CacheServerProcess } from '../test-support/cache-server-process';
import { makeTempWorkspace, TINY_EVALUATOR, TINY_GAN } from '../test-support/temp-workspace';

// The forwarder between Nx and a remote cache, against real servers on loopback that misbehave
// the ways a wedged cache does: accepts and never answers, trickles, resets mid-body. Short
// deadlines keep the tests quick; nothing asserts how long anything took.

const TOKEN = 'rw-token-0123456789abcdef';
const SHORT: CacheDeadlines = { connectMs: 2000, idleMs: 300, totalMs: 60_000 };
const hash = () => randomBytes(8).toString('hex');

let dir: string;
let good: CacheServerProcess;
const servers: (Server | HttpServer)[] = [];
const sockets: Socket[] = [];

async function listen(s: Server | HttpServer): Promise<string> {
  servers.push(s);
  s.on('connection', (c: Socket) => sockets.push(c));
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(s.address() as { port: number }).port}`;
}
/** Accepts connections and never writes a byte. */
const hanging = () => listen(createTcpServer(() => undefined));
/** Answers 200 with a 1000-byte body, one byte every `everyMs`. */
const trickling = (everyMs: number) =>
  listen(
    createHttpServer((_req, res) => {
      res.writeHead(200, { 'Content-Length': 1000 });
      const t = setInterval(() => (res.destroyed ? clearInterval(t) : res.write('x')), everyMs);
    }),
  );
/** Answers 200 with a 1000-byte Content-Length, sends 10 bytes, then resets the connection. */
const resetting = () =>
  listen(
    createHttpServer((_req, res) => {
      res.writeHead(200, { 'Content-Length': 1000 });
      res.write('x'.repeat(10), () => setTimeout(() => res.socket?.resetAndDestroy(), 50));
    }),
  );

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'genlab-forwarder-'));
  good = await startCacheServerProcess(dir, { write: TOKEN });
});
afterAll(async () => {
  good.child.kill('SIGTERM');
  for (const s of sockets) s.destroy();
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  rmSync(dir, { recursive: true, force: true });
});

async function through(upstream: string, deadlines = SHORT) {
  const warnings: string[] = [];
  const fwd = await startRemoteCacheForwarder(upstream, deadlines, (s) => warnings.push(s));
  const auth = { authorization: `Bearer ${TOKEN}` };
  const get = async (h: string) => {
    const r = await fetch(`${fwd.url}/v1/cache/${h}`, { headers: auth });
    return { status: r.status, body: Buffer.from(await r.arrayBuffer()) };
  };
  const put = async (h: string, body: Buffer) =>
    (await fetch(`${fwd.url}/v1/cache/${h}`, { method: 'PUT', headers: { ...auth, 'content-length': String(body.length) }, body })).status;
  return { fwd, warnings, get, put };
}

describe('the remote cache forwarder', () => {
  it('passes a working server through: PUT, GET of what was put, a miss; no warning', async () => {
    const { fwd, warnings, get, put } = await through(good.url);
    const h = hash();
    const entry = randomBytes(300_000);
    expect(await put(h, entry)).toBe(200);
    const back = await get(h);
    expect(back.status).toBe(200);
    expect(back.body.equals(entry)).toBe(true);
    expect((await get(hash())).status).toBe(404);
    expect(fwd.failure).toBeNull();
    expect(warnings).toEqual([]);
    await fwd.close();
  });

  it('a server that accepts and never answers: a miss, a refused upload, one warning naming it', async () => {
    const url = await hanging();
    const { fwd, warnings, get, put } = await through(url);
    expect((await get(hash())).status).toBe(404);
    expect(await put(hash(), randomBytes(200_000))).toBe(403);
    expect((await get(hash())).status).toBe(404);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`the remote cache at ${url} sent nothing for 0.3 s (GENLAB_REMOTE_CACHE_IDLE_TIMEOUT)`);
    await fwd.close();
  });

  it('a server that trickles: past the idle deadline, and past the total one while still moving', async () => {
    const slow = await through(await trickling(2000));
    expect((await slow.get(hash())).status).toBe(404);
    expect(slow.warnings[0]).toContain('sent nothing for 0.3 s');
    await slow.fwd.close();
    const moving = await through(await trickling(20), { connectMs: 2000, idleMs: 5000, totalMs: 500 });
    expect((await moving.get(hash())).status).toBe(404);
    expect(moving.warnings).toHaveLength(1);
    expect(moving.warnings[0]).toContain('did not finish a request within 0.5 s (GENLAB_REMOTE_CACHE_TIMEOUT)');
    await moving.fwd.close();
  });

  it('a server that resets mid-body: a miss, never a truncated entry', async () => {
    const { fwd, warnings, get } = await through(await resetting());
    const r = await get(hash());
    expect(r.status).toBe(404);
    expect(r.body.toString()).toContain('not answering');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('closed the connection in the middle of a transfer');
    await fwd.close();
  });

  it('reads its deadlines from the environment, in seconds, and refuses nonsense', () => {
    expect(cacheDeadlines({})).toEqual({ connectMs: 5000, idleMs: 30_000, totalMs: 600_000 });
    expect(
      cacheDeadlines({
        GENLAB_REMOTE_CACHE_CONNECT_TIMEOUT: '1.5',
        GENLAB_REMOTE_CACHE_IDLE_TIMEOUT: '2',
        GENLAB_REMOTE_CACHE_TIMEOUT: '60',
      }),
    ).toEqual({ connectMs: 1500, idleMs: 2000, totalMs: 60_000 });
    expect(() => cacheDeadlines({ GENLAB_REMOTE_CACHE_IDLE_TIMEOUT: 'soon' })).toThrow(
      "GENLAB_REMOTE_CACHE_IDLE_TIMEOUT expects a number of seconds above 0, got 'soon'",
    );
  });
});

describe('genlab run against a cache server that misbehaves', () => {
  let root: string;
  beforeAll(() => {
    root = makeTempWorkspace({ 'a/experiment.yaml': `name: a\n${TINY_GAN}`, 'evaluator/evaluator.yaml': TINY_EVALUATOR });
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const run = (url: string) =>
    new Promise<{ code: number | null; err: string }>((resolve) => {
      const env = {
        ...process.env,
        NX_SELF_HOSTED_REMOTE_CACHE_SERVER: url,
        NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: TOKEN,
        GENLAB_REMOTE_CACHE_IDLE_TIMEOUT: '1',
        GENLAB_THREADS: '1',
      };
      const child = spawn(process.execPath, [GENLAB_BIN, 'run', 'a', '--until', 'data'], {
        cwd: root,
        env,
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let err = '';
      child.stderr.on('data', (c: Buffer) => (err += c));
      child.on('close', (code) => resolve({ code, err }));
    });

  it('finishes locally with one warning, for a hanging, a trickling and a resetting server', async () => {
    for (const [what, url] of [
      ['hanging', await hanging()],
      ['trickling', await trickling(3000)],
      ['resetting', await resetting()],
    ] as const) {
      rmSync(join(root, '.nx'), { recursive: true, force: true }); // a cold local cache: Nx asks the remote one
      rmSync(join(root, 'artifacts'), { recursive: true, force: true });
      const r = await run(url);
      expect(r.code, `${what}: ${r.err}`).toBe(0);
      expect(r.err.split(`the remote cache at ${url}`).length - 1, `${what}: ${r.err}`).toBe(1);
    }
  }, 300_000);
});
