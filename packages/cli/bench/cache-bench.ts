import { spawn } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GENLAB_BIN, startCacheServerProcess } from '../test-support/cache-server-process';
import { makeTempWorkspace, REPO_ROOT, TINY_EVALUATOR, TINY_GAN, TINY_VAE } from '../test-support/temp-workspace';

// `npm run bench` part for the remote cache: (1) the server's throughput with 4 concurrent
// clients over loopback, PUT then GET, for small and large entries; (2) the quickstart's 12
// stages, at tiny sizes, computed once in one clone against the server (read-write), then
// restored into a fresh clone (read-only, empty artifacts/ and .nx/cache): seconds for each.
// Tiny, because what is measured is hashing, upload and restore, not training (the real
// quickstart took 10 of the bench's 14 minutes). Prints, asserts nothing.

const RW = `rw-${randomBytes(12).toString('hex')}`;
const RO = `ro-${randomBytes(12).toString('hex')}`;

export interface ThroughputRow {
  entryBytes: number;
  entries: number;
  putSeconds: number;
  getSeconds: number;
}
export interface RestoreResult {
  computeSeconds: number;
  restoreSeconds: number;
  remoteHits: number;
  tasks: number;
  identical: boolean;
}

function call(agent: Agent, url: URL, method: 'PUT' | 'GET', hash: string, body?: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { authorization: `Bearer ${RW}` };
    if (body) headers['content-length'] = body.length;
    const req = request({ agent, host: url.hostname, port: url.port, method, path: `/v1/cache/${hash}`, headers }, (res) => {
      let n = 0;
      res.on('data', (c: Buffer) => (n += c.length));
      res.on('end', () => (res.statusCode === 200 ? resolve(n) : reject(new Error(`${method} ${hash}: ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** 4 clients, each with one keep-alive connection, PUT `entries` entries each, then GET them back. */
export async function benchThroughput(url: string, entryBytes: number, entries: number, clients = 4): Promise<ThroughputRow> {
  const u = new URL(url);
  const body = randomBytes(entryBytes);
  const run = `${randomInt(1e9)}`;
  const agents = Array.from({ length: clients }, () => new Agent({ keepAlive: true, maxSockets: 1 }));
  const phase = async (method: 'PUT' | 'GET') => {
    const t0 = performance.now();
    await Promise.all(
      agents.map(async (agent, c) => {
        for (let i = 0; i < entries; i++) await call(agent, u, method, `${run}${c}0${i}`, method === 'PUT' ? body : undefined);
      }),
    );
    return (performance.now() - t0) / 1000;
  };
  const putSeconds = await phase('PUT');
  const getSeconds = await phase('GET');
  for (const a of agents) a.destroy();
  return { entryBytes, entries: entries * clients, putSeconds, getSeconds };
}

function genlab(cwd: string, args: string[], token: string, url: string): Promise<{ code: number | null; out: string; seconds: number }> {
  const env = { ...process.env, NX_SELF_HOSTED_REMOTE_CACHE_SERVER: url, NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: token };
  const t0 = performance.now();
  const child = spawn(process.execPath, [GENLAB_BIN, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out, seconds: (performance.now() - t0) / 1000 })));
}

/** The quickstart's experiments, evaluator and report, with the tests' tiny specs. */
function tinyQuickstart(): Record<string, string> {
  return {
    'quickstart-gan/experiment.yaml': `name: quickstart-gan\n${TINY_GAN}`,
    'quickstart-vae/experiment.yaml': `name: quickstart-vae\n${TINY_VAE}`,
    'evaluator/evaluator.yaml': TINY_EVALUATOR,
    'quickstart/report.yaml': readFileSync(join(REPO_ROOT, 'experiments', 'quickstart', 'report.yaml'), 'utf8'),
  };
}

/**
 * Computes the tiny quickstart in clone A (read-write), then restores it into fresh clone B
 * (read-only). With `keepComputed`, clone A is left in place and its path returned as `computed`
 * (the caller removes it): a workspace whose tiny quickstart is computed and in its local cache.
 */
export async function benchRestore(
  url: string,
  log: (s: string) => void,
  opts: { keepComputed?: boolean } = {},
): Promise<RestoreResult & { computed?: string }> {
  const specs = tinyQuickstart();
  const [a, b] = [makeTempWorkspace(specs), makeTempWorkspace(specs)];
  let keepA = false;
  try {
    log('computing the quickstart (tiny specs) in clone A against the server...\n');
    const fill = await genlab(a, ['run', 'quickstart'], RW, url);
    if (fill.code !== 0) throw new Error(`genlab run quickstart in clone A exited ${fill.code}`);
    log(`restoring it into fresh clone B (read-only)...\n`);
    const restore = await genlab(b, ['run', 'quickstart'], RO, url);
    if (restore.code !== 0) throw new Error(`genlab run quickstart in clone B exited ${restore.code}`);
    const m = /running the command for (\d+) out of (\d+) tasks/.exec(restore.out);
    const remoteHits = (restore.out.match(/\[remote cache\]/g) ?? []).length;
    const report = 'quickstart/default/report/report.md';
    const identical =
      existsSync(join(b, 'artifacts', report)) &&
      readFileSync(join(a, 'artifacts', report)).equals(readFileSync(join(b, 'artifacts', report)));
    keepA = Boolean(opts.keepComputed);
    return {
      computeSeconds: fill.seconds,
      restoreSeconds: restore.seconds,
      remoteHits,
      tasks: m ? Number(m[2]) : NaN,
      identical,
      ...(keepA ? { computed: a } : {}),
    };
  } finally {
    for (const ws of keepA ? [b] : [a, b]) rmSync(ws, { recursive: true, force: true });
  }
}

/**
 * Both parts, printed as Markdown tables. With `keepComputed`, returns the workspace that computed
 * the tiny quickstart (see benchRestore; the caller removes it), for the no-op rerun bench.
 */
export async function benchRemoteCache(
  out: (s: string) => void,
  opts: { restore?: boolean; keepComputed?: boolean } = {},
): Promise<string | undefined> {
  const dir = mkdtempSync(join(tmpdir(), 'genlab-cache-bench-'));
  const srv = await startCacheServerProcess(dir, { read: RO, write: RW });
  try {
    const rows = [await benchThroughput(srv.url, 64 * 1024, 200), await benchThroughput(srv.url, 8 * 1024 * 1024, 8)];
    out('\nRemote cache server (genlab cache serve, directory storage, loopback), 4 concurrent clients\n\n');
    out('| entry size | entries | PUT req/s | PUT MB/s | GET req/s | GET MB/s |\n|---|---|---|---|---|---|\n');
    for (const r of rows) {
      const mb = (r.entryBytes * r.entries) / 1e6;
      out(
        `| ${r.entryBytes >= 1 << 20 ? `${r.entryBytes >> 20} MiB` : `${r.entryBytes >> 10} KiB`} | ${r.entries} | ${(r.entries / r.putSeconds).toFixed(0)} | ${(mb / r.putSeconds).toFixed(0)} | ${(r.entries / r.getSeconds).toFixed(0)} | ${(mb / r.getSeconds).toFixed(0)} |\n`,
      );
    }
    if (opts.restore === false) return undefined;
    const count = () =>
      readdirSync(dir)
        .filter((d) => !d.startsWith('.'))
        .flatMap((d) => readdirSync(join(dir, d))).length;
    const before = count();
    const r = await benchRestore(srv.url, out, { keepComputed: opts.keepComputed });
    const entries = count() - before;
    out(
      `\nQuickstart (tiny specs, 12 stages) through the remote cache: computed in clone A in ${r.computeSeconds.toFixed(1)} s (${entries} entries uploaded); ` +
        `restored into fresh clone B in ${r.restoreSeconds.toFixed(1)} s (${r.remoteHits} of ${r.tasks} tasks from the remote cache; report ${r.identical ? 'byte-identical' : 'DIFFERENT'})\n`,
    );
    return r.computed;
  } finally {
    srv.child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

// `npx tsx packages/cli/bench/cache-bench.ts [--no-restore]`: this part of `npm run bench` alone.
if (require.main === module) {
  benchRemoteCache((s) => process.stdout.write(s), { restore: !process.argv.includes('--no-restore') }).then(
    () => process.exit(0),
    (err: Error) => {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    },
  );
}
