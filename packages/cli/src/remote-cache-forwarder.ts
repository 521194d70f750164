import { createServer, request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import { UsageError } from './exit-codes';

/** Deadlines of every request to the remote cache, in milliseconds. */
export interface CacheDeadlines {
  /** To open the connection (TCP and TLS). */
  connectMs: number;
  /** Longest stretch with no byte moving either way, once connected (waiting for the answer included). */
  idleMs: number;
  /** Whole request, upload and download included: a transfer still moving gets this long. */
  totalMs: number;
}

export const DEADLINE_ENV = {
  connectMs: 'GENLAB_REMOTE_CACHE_CONNECT_TIMEOUT',
  idleMs: 'GENLAB_REMOTE_CACHE_IDLE_TIMEOUT',
  totalMs: 'GENLAB_REMOTE_CACHE_TIMEOUT',
} as const;
const DEFAULT_SECONDS = { connectMs: 5, idleMs: 30, totalMs: 600 };

/** The deadlines from GENLAB_REMOTE_CACHE_{CONNECT_,IDLE_,}TIMEOUT (seconds), else 5 s, 30 s and 600 s. */
export function cacheDeadlines(env: NodeJS.ProcessEnv): CacheDeadlines {
  const seconds = (k: keyof CacheDeadlines): number => {
    const raw = env[DEADLINE_ENV[k]];
    if (raw === undefined || raw === '') return DEFAULT_SECONDS[k];
    const n = Number(raw);
    if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${DEADLINE_ENV[k]} expects a number of seconds above 0, got '${raw}'`);
    return n;
  };
  return { connectMs: seconds('connectMs') * 1000, idleMs: seconds('idleMs') * 1000, totalMs: seconds('totalMs') * 1000 };
}

export interface RemoteCacheForwarder {
  /** Where Nx should send its cache requests (loopback). */
  url: string;
  /** Why the server was given up on (the warning's reason), or null while it answers. */
  readonly failure: string | null;
  close(): Promise<void>;
}

/**
 * A loopback forwarder between Nx and the remote cache at `upstream`. Nx's client has no
 * timeout, so a server that accepts and never answers would hold a run forever. Every request
 * here has `deadlines`; the first request that misses one, is reset, or gets a 5xx marks the
 * server gone for the rest of the run: `warn` is called once, and from then on Nx gets
 * answers a local cache would give (GET: 404, a miss, so the task is restored locally or
 * computed; PUT: 403, which Nx takes as a refused upload and goes on). A download is passed
 * on only once complete, so a server that closes mid-body is a miss, never a truncated entry.
 */
export async function startRemoteCacheForwarder(
  upstream: string,
  deadlines: CacheDeadlines,
  warn: (s: string) => void,
): Promise<RemoteCacheForwarder> {
  const base = new URL(upstream);
  let failure: string | null = null;
  const giveUp = (reason: string) => {
    if (failure !== null) return;
    failure = reason;
    warn(
      `genlab: warning: the remote cache at ${upstream} ${reason}; going on with the local cache only (what this run computes is not shared).\n`,
    );
  };
  const server = createServer((req, res) => {
    if (failure !== null) return answerLocally(req, res);
    forward(base, req, res, deadlines, (reason) => {
      giveUp(reason);
      answerLocally(req, res);
    });
  });
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    get failure() {
      return failure;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** What Nx would get with no remote cache: a miss, or a refused upload (after reading it all). */
function answerLocally(req: IncomingMessage, res: ServerResponse): void {
  if (res.headersSent || res.destroyed) return void res.destroy();
  const reply = () => {
    const miss = req.method === 'GET' || req.method === 'HEAD';
    const body = miss
      ? 'Not found (the remote cache is not answering)'
      : 'Access forbidden (the remote cache is not answering; not stored)';
    res
      .writeHead(miss ? 404 : 403, { 'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(body), Connection: 'close' })
      .end(body);
  };
  if (req.readableEnded) return reply();
  req.on('end', reply).on('error', () => res.destroy());
  req.resume();
}

function forward(base: URL, req: IncomingMessage, res: ServerResponse, d: CacheDeadlines, fail: (reason: string) => void): void {
  const secure = base.protocol === 'https:';
  const headers: OutgoingHttpHeaders = { ...req.headers, host: base.host };
  delete headers.connection;
  let done = false;
  const timers: NodeJS.Timeout[] = [];
  const stop = () => {
    done = true;
    timers.forEach(clearTimeout);
    up.setTimeout(0);
  };
  const failWith = (reason: string) => {
    if (done) return;
    stop();
    req.unpipe(up);
    up.destroy();
    fail(reason);
  };
  const up = (secure ? httpsRequest : httpRequest)({
    protocol: base.protocol,
    hostname: base.hostname,
    port: base.port || (secure ? 443 : 80),
    path: `${base.pathname.replace(/\/+$/, '')}${req.url ?? '/'}`,
    method: req.method,
    headers,
    agent: false,
  });
  const s = (ms: number) => `${ms / 1000} s`;
  timers.push(setTimeout(() => failWith(`did not finish a request within ${s(d.totalMs)} (${DEADLINE_ENV.totalMs})`), d.totalMs));
  const connectTimer = setTimeout(
    () => failWith(`did not accept a connection within ${s(d.connectMs)} (${DEADLINE_ENV.connectMs})`),
    d.connectMs,
  );
  timers.push(connectTimer);
  up.on('socket', (socket) => {
    socket.once(secure ? 'secureConnect' : 'connect', () => {
      clearTimeout(connectTimer);
      // Idle: nothing sent or received for idleMs, waiting for the answer included.
      up.setTimeout(d.idleMs, () => failWith(`sent nothing for ${s(d.idleMs)} (${DEADLINE_ENV.idleMs})`));
    });
  });
  up.on('error', (err: NodeJS.ErrnoException) => failWith(describe(err)));
  up.on('response', (answer) => {
    if ((answer.statusCode ?? 500) >= 500) {
      answer.resume();
      return failWith(`answered ${answer.statusCode}`);
    }
    const chunks: Buffer[] = [];
    answer.on('data', (c: Buffer) => chunks.push(c));
    answer.on('error', (err: NodeJS.ErrnoException) => failWith(describe(err)));
    answer.on('close', () => {
      if (!answer.complete) failWith('closed the connection in the middle of a transfer');
    });
    answer.on('end', () => {
      if (done) return;
      if (!answer.complete) return failWith('closed the connection in the middle of a transfer');
      stop();
      const body = Buffer.concat(chunks);
      const out: OutgoingHttpHeaders = { ...answer.headers, 'content-length': body.length };
      delete out['transfer-encoding'];
      delete out.connection;
      res.writeHead(answer.statusCode ?? 502, out).end(body);
    });
  });
  req.on('error', () => failWith('was left: Nx closed the request'));
  req.pipe(up);
}

function describe(err: NodeJS.ErrnoException): string {
  if (err.code === 'ECONNRESET') return 'closed the connection in the middle of a transfer (ECONNRESET)';
  return `is unreachable (${err.code ?? err.message})`;
}
