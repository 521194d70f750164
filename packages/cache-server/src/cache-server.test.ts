import { mkdtempSync, readdirSync, rmSync, existsSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessTokens } from './access-tokens';
import { startCacheServer, type RunningCacheServer } from './cache-server';
import { DirectoryStorage } from './directory-storage';

// The real server on a free loopback port, over a real directory, spoken to over HTTP.

const RW = 'rw-token-0123456789abcdef';
const RO = 'ro-token-0123456789abcdef';
let dir: string;
let srv: RunningCacheServer;
const logLines: string[] = [];

interface Reply {
  status: number;
  type?: string;
  body: Buffer;
}

/** One request with a raw (never normalised) path, so `..` reaches the server as sent. */
function send(
  method: string,
  path: string,
  opts: { token?: string; body?: Buffer; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const url = new URL(srv.url);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.body) headers['content-length'] = opts.body.length;
    const req = request({ host: url.hostname, port: url.port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}
const put = (hash: string, body: Buffer, token = RW) => send('PUT', `/v1/cache/${hash}`, { token, body });
const get = (hash: string, token = RO) => send('GET', `/v1/cache/${hash}`, { token });
const bytes = (n: number, fill: number) => Buffer.alloc(n, fill);
const until = async (cond: () => boolean) => {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'genlab-cache-'));
  const logStream = new PassThrough();
  logStream.on('data', (c: Buffer) => logLines.push(...c.toString().split('\n').filter(Boolean)));
  srv = await startCacheServer({
    storage: new DirectoryStorage(join(dir, 'store')),
    tokens: new AccessTokens({ read: [RO], write: [RW] }),
    maxEntryBytes: 64 * 1024,
    logger: pino(logStream),
    port: 0,
    host: '127.0.0.1',
  });
});
afterAll(async () => {
  await srv.close(100);
  rmSync(dir, { recursive: true, force: true });
});

describe('the cache server, as the Nx self-hosted cache spec has it', () => {
  it('answers the health check without a token', async () => {
    const r = await send('GET', '/health');
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body.toString())).toEqual({ status: 'ok', storage: 'directory' });
  });

  it('stores with a read-write token and serves the same bytes to a read-only one', async () => {
    expect((await get('1001')).status).toBe(404);
    const body = Buffer.from(Array.from({ length: 5000 }, (_, i) => i % 251));
    expect((await put('1001', body)).status).toBe(200);
    const r = await get('1001');
    expect(r.status).toBe(200);
    expect(r.type).toBe('application/octet-stream');
    expect(r.body.equals(body)).toBe(true);
  });

  it('refuses a second PUT of a hash with 409 and keeps what GET returns', async () => {
    expect((await put('1002', bytes(300, 1))).status).toBe(200);
    const again = await put('1002', bytes(400, 2));
    expect(again.status).toBe(409);
    const r = await get('1002', RW);
    expect(r.body.equals(bytes(300, 1))).toBe(true);
  });

  it('lets exactly one of two racing uploads of a hash win', async () => {
    const [a, b] = await Promise.all([put('1003', bytes(20000, 3)), put('1003', bytes(20000, 4))]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const winner = a.status === 200 ? 3 : 4;
    expect((await get('1003')).body.equals(bytes(20000, winner))).toBe(true);
  });

  it('answers 401 in text/plain for a missing or wrong token, on GET and PUT', async () => {
    for (const r of [
      await send('GET', '/v1/cache/1001'),
      await get('1001', 'not-a-token-0123456789'),
      await put('1004', bytes(10, 1), 'wrong-token-0123456789abc'),
    ]) {
      expect(r.status).toBe(401);
      expect(r.type).toBe('text/plain'); // Nx shows a 401's message only for exactly text/plain
    }
    expect((await get('1004', RW)).status).toBe(404);
  });

  it('answers 403 to a read-only token writing, and stores nothing', async () => {
    const r = await put('1005', bytes(10, 1), RO);
    expect(r.status).toBe(403);
    expect(r.body.toString()).toContain('read-only');
    expect((await get('1005')).status).toBe(404);
  });

  it('refuses hashes that could name a path: 403 on PUT, 404 on GET, nothing written outside', async () => {
    for (const hash of ['..%2F..%2Fescape', '..', '%2E%2E', 'a.b', 'x%00y', '%E0%A4%A']) {
      expect((await put(hash, bytes(10, 1))).status, hash).toBe(403);
      expect((await get(hash)).status, hash).toBe(404);
    }
    expect((await send('PUT', '/v1/cache/../../escape', { token: RW, body: bytes(10, 1) })).status).toBe(404);
    expect(existsSync(join(dir, 'escape'))).toBe(false);
    expect(readdirSync(dir)).toEqual(['store']);
  });

  it('refuses a body over the size limit with 403 and stores nothing', async () => {
    const r = await put('1006', bytes(64 * 1024 + 1, 1));
    expect(r.status).toBe(403);
    expect(r.body.toString()).toContain('limit');
    expect((await get('1006')).status).toBe(404);
    expect((await put('1007', bytes(64 * 1024, 1))).status).toBe(200);
  });

  it('keeps nothing of an upload cut off halfway', async () => {
    const url = new URL(srv.url);
    const sock = connect(Number(url.port), url.hostname);
    await new Promise((r) => sock.once('connect', r));
    sock.write(`PUT /v1/cache/1008 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${RW}\r\nContent-Length: 60000\r\n\r\n`);
    sock.write(bytes(30000, 8));
    await until(() => readdirSync(join(dir, 'store', '.incoming')).length === 1);
    sock.destroy();
    await until(() => readdirSync(join(dir, 'store', '.incoming')).length === 0);
    expect(readdirSync(join(dir, 'store', '.incoming'))).toEqual([]);
    expect((await get('1008')).status).toBe(404);
    // and the hash is still free for a complete upload
    expect((await put('1008', bytes(100, 8))).status).toBe(200);
  });

  it('logs one JSON line per request with the status and never the token', async () => {
    await get('1001');
    const lines = logLines.map(
      (l) => JSON.parse(l) as { req?: { url: string; method: string }; res?: { statusCode: number }; role?: string },
    );
    const line = lines.find((l) => l.req?.method === 'GET' && l.req?.url === '/v1/cache/1001' && l.res?.statusCode === 200);
    expect(line?.role).toBe('read');
    expect(logLines.join('\n')).not.toContain(RW.slice(0, 12));
    expect(logLines.join('\n')).not.toContain(RO.slice(0, 12));
  });

  it('on close lets an upload in flight finish, then stops listening', async () => {
    const other = await startCacheServer({
      storage: new DirectoryStorage(join(dir, 'store')),
      tokens: new AccessTokens({ write: [RW] }),
      maxEntryBytes: 1 << 20,
      logger: pino({ level: 'silent' }),
      port: 0,
      host: '127.0.0.1',
    });
    const url = new URL(other.url);
    const reply = new Promise<Reply>((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          method: 'PUT',
          path: '/v1/cache/1009',
          headers: { authorization: `Bearer ${RW}`, 'content-length': 2000 },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.alloc(0) }));
        },
      );
      req.on('error', reject);
      req.write(bytes(1000, 9));
      setTimeout(() => req.end(bytes(1000, 9)), 200);
    });
    await new Promise((r) => setTimeout(r, 50));
    const closed = other.close(5000);
    expect((await reply).status).toBe(200);
    await closed;
    await expect(fetch(`${other.url}/health`)).rejects.toThrow();
    expect((await get('1009')).body.equals(bytes(2000, 9))).toBe(true);
  });
});
