import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { readManifest } from '@genlab/artifacts';
import { EXPERIMENT_STAGES, artifactDir, experimentSlice, fingerprint, loadWorkspace, type ExperimentStage } from '@genlab/spec';
import { UnknownRunError, isRunName, isVariantName } from './compared-run';
import { comparePageData } from './compare-page-data';
import { listedFile, pathSegments } from './listed-file';
import { pageHtml } from './pages';
import { RunTail } from './run-tail';
import { readRuns } from './run-states';
import { SseStream } from './sse-stream';
import { STATIC_FILES } from './static-files';

export interface UiServerOptions {
  /** The workspace (experiments/ and artifacts/). */
  root: string;
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** How often the server looks at the workspace while a page listens (ms). */
  pollMs?: number;
}

export interface UiServer {
  url: string;
  /** Event streams open now (tests: a client that left costs nothing). */
  openStreams: () => number;
  close: () => Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.md': 'text/markdown; charset=utf-8',
  '.json': 'application/json',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};
// Scripts only from this server; vega compiles chart expressions with Function (unsafe-eval).
const CSP =
  "default-src 'none'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
const FINGERPRINT = /^[0-9a-f]{16}$/;

/**
 * `genlab ui`: a read-only web app over the workspace. It answers GET and HEAD on its own routes
 * only, serves a file only when a manifest (or, for a training under way, the grids folder it
 * names) lists it, and never writes to the workspace. Pages get updates by server-sent events:
 * /api/events (the runs table, when it changes) and /api/runs/<name>/<variant>/events (new loss
 * lines, per step and per epoch, and epoch grids of that run).
 */
export async function startUiServer(o: UiServerOptions): Promise<UiServer> {
  const pollMs = o.pollMs ?? 500;
  const artifactsDir = join(o.root, 'artifacts');
  const streams = new Set<SseStream>();
  const runsListeners = new Set<SseStream>();
  let lastRuns = '';
  let runsTimer: NodeJS.Timeout | null = null;
  const pollRuns = () => {
    const text = JSON.stringify(readRuns(o.root));
    if (text === lastRuns) return;
    lastRuns = text;
    for (const s of runsListeners) s.send('runs', JSON.parse(text));
  };

  const routes = (req: IncomingMessage, res: ServerResponse, url: URL): void => {
    // The path as sent: URL parsing would resolve `..` and `%2e%2e` segments before we see them.
    const seg = pathSegments((req.url ?? '/').split('?')[0]);
    if (seg === null) return notFound(res);
    const [a, b, c, d, ...rest] = seg;
    if (seg.length === 1 && a === '') return send(res, 200, TYPES['.html'], pageHtml('runs', 'runs'));
    if (a === 'runs' && seg.length === 3 && isRunName(b) && isVariantName(c))
      return send(res, 200, TYPES['.html'], pageHtml('run', `${b}/${c}`));
    if (a === 'compare' && seg.length === 1) return send(res, 200, TYPES['.html'], pageHtml('compare', 'compare'));
    if (a === 'static' && seg.length === 2 && Object.hasOwn(STATIC_FILES, b)) return sendFile(res, STATIC_FILES[b]);
    if (a === 'api' && b === 'runs' && seg.length === 2) return json(res, 200, readRuns(o.root));
    // An event stream answers HEAD with its headers only: no stream, no timer.
    if (req.method === 'HEAD' && a === 'api' && seg[seg.length - 1] === 'events')
      return send(res, 200, 'text/event-stream; charset=utf-8', '');
    if (a === 'api' && b === 'events' && seg.length === 2) {
      const s = new SseStream(req, res, () => {
        streams.delete(s);
        runsListeners.delete(s);
        if (runsListeners.size === 0 && runsTimer) (clearInterval(runsTimer), (runsTimer = null));
      });
      streams.add(s);
      runsListeners.add(s);
      s.send('runs', readRuns(o.root));
      runsTimer ??= setInterval(pollRuns, pollMs);
      return;
    }
    if (a === 'api' && b === 'runs' && seg.length === 5 && rest[0] === 'events' && isRunName(c) && isVariantName(d))
      return runEvents(req, res, c, d);
    if (a === 'api' && b === 'compare' && seg.length === 2) {
      try {
        return json(res, 200, comparePageData(o.root, url.searchParams.getAll('run'), url.searchParams.get('baseline') || undefined));
      } catch (err) {
        if (err instanceof UnknownRunError) return json(res, 404, { error: err.message });
        throw err;
      }
    }
    // /files/<name>/<variant>/<stage>/<file...>: a file the stage's manifest lists.
    if (a === 'files' && seg.length >= 5 && isRunName(b) && isVariantName(c) && (EXPERIMENT_STAGES as readonly string[]).includes(d))
      return manifestFile(res, artifactDir(o.root, b, c, d as ExperimentStage), d, b, c, rest.join('/'));
    // /work-files/<name>/<variant>/<fingerprint>/grids/epoch-NNNN.png: a grid of a training under way.
    if (
      a === 'work-files' &&
      seg.length === 6 &&
      isRunName(b) &&
      isVariantName(c) &&
      FINGERPRINT.test(d) &&
      rest[0] === 'grids' &&
      /^epoch-\d{4,}\.png$/.test(rest[1])
    ) {
      const dir = join(o.root, 'artifacts', '.work', b, c, `train-${d}`);
      const file = listedFile(artifactsDir, dir, rest.join('/'), [rest.join('/')]);
      return file ? sendFile(res, file) : notFound(res);
    }
    // /reports/<name>/ and the files its manifest lists (figures/...).
    if (a === 'reports' && seg.length >= 3 && isRunName(b))
      return manifestFile(
        res,
        artifactDir(o.root, b, 'default', 'report'),
        'report',
        b,
        'default',
        [c, d, ...rest].filter((x) => x !== undefined).join('/') || 'index.html',
      );
    return notFound(res);
  };

  const runEvents = (req: IncomingMessage, res: ServerResponse, name: string, variant: string): void => {
    const tail = new RunTail(o.root, name, variant, currentTrainFingerprint(o.root, name, variant));
    let timer: NodeJS.Timeout | null = null;
    const s = new SseStream(req, res, () => {
      streams.delete(s);
      if (timer) clearInterval(timer);
    });
    streams.add(s);
    const push = () => {
      const u = tail.poll();
      if (u.reset) s.send('reset', {});
      if (u.losses.length > 0) s.send('losses', u.losses);
      if (u.steps.length > 0) s.send('steps', u.steps);
      for (const g of u.grids) s.send('grid', g);
    };
    push();
    s.send('ready', {});
    timer = setInterval(push, pollMs);
  };

  const manifestFile = (res: ServerResponse, dir: string, stage: string, name: string, variant: string, rel: string): void => {
    let files: string[];
    try {
      files = readManifest(dir, { stage, name, variant }, { verify: false }).manifest.files;
    } catch {
      return notFound(res);
    }
    const file = listedFile(artifactsDir, dir, rel, files);
    return file ? sendFile(res, file) : notFound(res);
  };

  const local = o.host === '127.0.0.1' || o.host === 'localhost' || o.host === '::1';
  const server: Server = createServer((req, res) => {
    res.setHeader('Content-Security-Policy', CSP);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    // Bound to loopback, a page of another site may still reach it through a DNS name that
    // resolves to 127.0.0.1 (DNS rebinding); such requests carry that name as Host.
    if (local && !/^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(req.headers.host ?? ''))
      return send(res, 403, 'text/plain', 'forbidden host\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return send(res, 405, 'text/plain', 'read only: GET and HEAD\n');
    }
    try {
      routes(req, res, new URL(req.url ?? '/', 'http://ui.invalid'));
    } catch (err) {
      if (!res.headersSent) send(res, 500, 'text/plain', `${(err as Error).message}\n`);
      else res.destroy();
    }
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(o.port, o.host, () => ok());
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return {
    url: `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${addr.port}`,
    openStreams: () => streams.size,
    close: async () => {
      for (const s of streams) s.end();
      if (runsTimer) clearInterval(runsTimer);
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}

/** The train fingerprint of the variant's current spec (whose work folder a training uses); null when the spec is gone or does not load. */
function currentTrainFingerprint(root: string, name: string, variant: string): string | null {
  try {
    const v = loadWorkspace(root)
      .experiments.find((e) => e.spec.name === name)
      ?.variants.find((x) => x.name === variant);
    return v ? fingerprint('train', experimentSlice(v.spec, 'train')) : null;
  } catch {
    return null;
  }
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(body) });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

function json(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, 'application/json', JSON.stringify(value));
}

function notFound(res: ServerResponse): void {
  send(res, 404, 'text/plain', 'not found\n');
}

function sendFile(res: ServerResponse, file: string): void {
  const ext = /\.[a-z]+$/.exec(file)?.[0] ?? '';
  res.writeHead(200, { 'Content-Type': TYPES[ext] ?? 'application/octet-stream', 'Cache-Control': 'no-store' });
  if (res.req.method === 'HEAD') return void res.end();
  const stream = createReadStream(file);
  stream.on('error', () => res.destroy());
  res.on('close', () => stream.destroy());
  stream.pipe(res);
}
