import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream/promises';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { AccessTokens, Role } from './access-tokens';
import { isCacheHash } from './cache-hash';
import type { CacheStorage } from './cache-storage';
import { exactLength } from './exact-length';

// Nx's self-hosted remote cache protocol (nx.dev, "Self-hosted caching", OpenAPI 1.0.0):
//   PUT /v1/cache/{hash}  body: the task's outputs as a tar archive, Content-Length required
//                         -> 202 stored, 401 missing/invalid token, 403 access forbidden, 409 exists
//   GET /v1/cache/{hash}  -> 200 the archive, 403 access forbidden, 404 not found
// We answer only with the codes the spec lists, with two deliberate readings:
// - A stored upload gets 200, not the spec's 202: Nx's client (23.3.1, http_remote_cache.rs)
//   accepts only 200 and fails the run on 202 (nrwl/nx#32870). Measured: a 202 server made
//   `nx run` exit 1 with "Unexpected response status: 202 Accepted".
// - A write the server will not take for a reason other than the token (a body over the size
//   limit, a hash that is not a hash, no Content-Length) is 403: the spec's "access forbidden",
//   which Nx treats as "not stored" and goes on, where any other code would fail the user's run.
//   A GET of a malformed hash is 404: no such record can exist.
// 401 bodies are exactly `text/plain`: Nx shows them to the user only with that content type.

export interface CacheServerOptions {
  storage: CacheStorage;
  tokens: AccessTokens;
  /** Largest entry accepted, in bytes. */
  maxEntryBytes: number;
  logger: Logger;
  /** PEM certificate (chain) and private key: serve HTTPS, so tokens never cross the network in clear. */
  tls?: { cert: Buffer; key: Buffer };
}

export interface RunningCacheServer {
  server: Server;
  /** http(s)://host:port, what NX_SELF_HOSTED_REMOTE_CACHE_SERVER should be set to. */
  url: string;
  /** Stops accepting, lets requests in flight finish for up to `graceMs`, then cuts the rest. */
  close(graceMs?: number): Promise<void>;
}

const CACHE_PATH = /^\/v1\/cache\/([^/]*)$/;

/** The request handler, on a plain node:http (or node:https) server (one request is one stream, never buffered). */
export function createCacheServer(o: CacheServerOptions): Server {
  const httpLog = pinoHttp({
    logger: o.logger,
    // Requests are logged without headers: the Authorization header is a secret.
    serializers: {
      req: (r: { method: string; url: string; remoteAddress?: string }) => ({
        method: r.method,
        url: r.url,
        remoteAddress: r.remoteAddress,
      }),
      res: (r: { statusCode: number }) => ({ statusCode: r.statusCode }),
    },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    customProps: (req) => notes.get(req) ?? {},
  });
  const notes = new WeakMap<IncomingMessage, { role?: Role | null; bytes?: number; outcome?: string }>();
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    httpLog(req, res);
    notes.set(req, {});
    handle(o, req, res, notes.get(req)!).catch((err: Error) => {
      req.log.error({ err }, 'request failed');
      if (!res.headersSent) text(res, 500, 'internal error');
      else res.destroy(err);
    });
  };
  // An https.Server is an http.Server with TLS underneath: the same requests, timeouts and close.
  const server: Server = o.tls
    ? (createHttpsServer({ cert: o.tls.cert, key: o.tls.key }, handler) as unknown as Server)
    : createServer(handler);
  // A multi-gigabyte upload over a slow link must not be cut by Node's 5-minute default.
  server.requestTimeout = 30 * 60_000;
  return server;
}

async function handle(
  o: CacheServerOptions,
  req: IncomingMessage,
  res: ServerResponse,
  note: { role?: Role | null; bytes?: number; outcome?: string },
): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  if (path === '/health') return health(o, req, res);
  const m = CACHE_PATH.exec(path);
  if (!m) return text(res, 404, 'not found');
  if (req.method !== 'GET' && req.method !== 'PUT') {
    res.setHeader('Allow', 'GET, PUT');
    return text(res, 405, 'method not allowed');
  }
  const role = (note.role = o.tokens.roleOf(req.headers.authorization));
  if (!role) return text(res, 401, 'Missing or invalid authentication token.');
  const hash = decodeHash(m[1]);
  if (req.method === 'GET') {
    const entry = hash === null ? null : await o.storage.get(hash);
    if (!entry) return text(res, 404, 'The record was not found');
    note.bytes = entry.size;
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': entry.size });
    await pipeline(entry.body, res);
    return;
  }
  if (role !== 'write') return text(res, 403, 'Access forbidden: this token is read-only.');
  if (hash === null) return text(res, 403, 'Access forbidden: not a cache hash (letters and digits only).');
  const size = contentLength(req);
  if (size === null) return text(res, 403, 'Access forbidden: a Content-Length header is required.');
  if (size > o.maxEntryBytes)
    return text(res, 403, `Access forbidden: an entry of ${size} bytes is over this server's limit of ${o.maxEntryBytes} bytes.`);
  if (await o.storage.has(hash)) return text(res, 409, 'Cannot override an existing record');
  const body = exactLength(size);
  // pipeline destroys `body` with the error when the request fails or ends short, so the
  // storage's put rejects and keeps nothing.
  pipeline(req, body).catch(() => undefined);
  let outcome: 'stored' | 'exists';
  try {
    outcome = await o.storage.put(hash, body, size);
  } catch (err) {
    if (req.destroyed || req.readableAborted || !req.complete) {
      note.outcome = 'upload cut off; nothing stored';
      res.destroy();
      return;
    }
    throw err;
  }
  note.outcome = outcome;
  note.bytes = size;
  if (outcome === 'exists') return text(res, 409, 'Cannot override an existing record');
  res.writeHead(200).end();
}

async function health(o: CacheServerOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return text(res, 405, 'method not allowed');
  }
  try {
    await o.storage.check();
  } catch (err) {
    req.log.error({ err }, 'storage check failed');
    return json(res, 503, { status: 'unavailable', storage: o.storage.kind });
  }
  json(res, 200, { status: 'ok', storage: o.storage.kind });
}

function decodeHash(raw: string): string | null {
  try {
    const hash = decodeURIComponent(raw);
    return isCacheHash(hash) ? hash : null;
  } catch {
    return null;
  }
}

function contentLength(req: IncomingMessage): number | null {
  const v = req.headers['content-length'];
  return v !== undefined && /^\d{1,15}$/.test(v) ? Number(v) : null;
}

function text(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(message) }).end(message);
}

function json(res: ServerResponse, status: number, body: object): void {
  const s = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(s) }).end(s);
}

/** Prepares the storage, then listens on host:port (port 0: a free one). */
export async function startCacheServer(o: CacheServerOptions & { port: number; host: string }): Promise<RunningCacheServer> {
  await o.storage.init();
  const server = createCacheServer(o);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    server,
    url: `${o.tls ? 'https' : 'http'}://${host}:${port}`,
    close: (graceMs = 10_000) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => server.closeAllConnections(), graceMs);
        // A keep-alive connection becomes idle when its request in flight is answered; close
        // each as soon as it does instead of waiting for the keep-alive timeout.
        const sweep = setInterval(() => server.closeIdleConnections(), 50);
        server.close(() => {
          clearTimeout(timer);
          clearInterval(sweep);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
