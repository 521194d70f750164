import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildReportFixtures, runFixtureReport } from '@genlab/report/test-support/build-report-fixtures';
import { startUiServer, type UiServer } from './ui-server';

process.env.GENLAB_LOG_LEVEL = 'error';

let root: string;
let outside: string;
let srv: UiServer;
let before: string;

/** Every path under `dir` with its size and mtime: what "never writes" compares. */
function snapshot(dir: string): string {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.name === 'node_modules') continue;
      const s = statSync(p, { throwIfNoEntry: false });
      out.push(`${p} ${e.isDirectory() ? 'dir' : `${s?.size} ${s?.mtimeMs}`}`);
      if (e.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out.sort().join('\n');
}

/** A raw GET (fetch would normalise `..` in the path before sending it). */
function get(path: string, opts: { method?: string; host?: string } = {}): Promise<{ status: number; body: string; type: string }> {
  const u = new URL(srv.url);
  return new Promise((ok, fail) => {
    const req = request(
      { host: u.hostname, port: u.port, path, method: opts.method ?? 'GET', headers: opts.host ? { host: opts.host } : {} },
      (res) => {
        let body = '';
        res.setEncoding('latin1');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => ok({ status: res.statusCode ?? 0, body, type: String(res.headers['content-type']) }));
      },
    );
    req.on('error', fail);
    req.end();
  });
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'genlab-ui-'));
  outside = mkdtempSync(join(tmpdir(), 'genlab-ui-outside-'));
  writeFileSync(join(outside, 'secret.png'), 'not yours');
  writeFileSync(join(root, 'nx.json'), '{}');
  mkdirSync(join(root, 'experiments'));
  await runFixtureReport(root, await buildReportFixtures(root));
  // A symlink out of artifacts/ that a (tampered) manifest lists.
  const train = join(root, 'artifacts', 'fixture-gan', 'default', 'train');
  symlinkSync(join(outside, 'secret.png'), join(train, 'grids', 'evil.png'));
  const m = JSON.parse(readFileSync(join(train, 'manifest.json'), 'utf8')) as { files: string[]; checksums: Record<string, unknown> };
  m.files.push('grids/evil.png');
  m.checksums['grids/evil.png'] = { size: 9, sha256: createHash('sha256').update('not yours').digest('hex') };
  writeFileSync(join(train, 'manifest.json'), JSON.stringify(m));
  // A whole experiment folder that is a symlink to a copy outside, manifest and all.
  mkdirSync(join(outside, 'default', 'train', 'grids'), { recursive: true });
  writeFileSync(join(outside, 'default', 'train', 'grids', 'epoch-0001.png'), readFileSync(join(train, 'grids', 'epoch-0001.png')));
  writeFileSync(
    join(outside, 'default', 'train', 'manifest.json'),
    readFileSync(join(train, 'manifest.json'), 'utf8').replace(/fixture-gan/g, 'linked'),
  );
  symlinkSync(outside, join(root, 'artifacts', 'linked'));
  // A training work folder whose grid is a symlink out.
  const work = join(root, 'artifacts', '.work', 'fixture-gan', 'default', 'train-0123456789abcdef', 'grids');
  mkdirSync(work, { recursive: true });
  symlinkSync(join(outside, 'secret.png'), join(work, 'epoch-0002.png'));
  before = snapshot(root);
  srv = await startUiServer({ root, host: '127.0.0.1', port: 0, pollMs: 50 });
});

afterAll(async () => {
  await srv?.close();
  rmSync(root, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

describe('genlab ui server', () => {
  it('serves its pages, listed artifact files, reports and vega from node_modules', async () => {
    expect((await get('/')).status).toBe(200);
    expect((await get('/runs/fixture-gan/default')).status).toBe(200);
    const grid = await get('/files/fixture-gan/default/train/grids/epoch-0001.png');
    expect([grid.status, grid.type, grid.body.slice(1, 4)]).toEqual([200, 'image/png', 'PNG']);
    const report = await get('/reports/fixture-report/');
    expect(report.status).toBe(200);
    expect(report.body).toContain('GAN vs VAE on MNIST (fixture)');
    expect((await get('/reports/fixture-report/figures/metric-fid.png')).status).toBe(200);
    const vega = await get('/static/vega.js');
    expect([vega.status, vega.body.length > 100_000]).toEqual([200, true]);
    const compare = JSON.parse((await get('/api/compare?run=fixture-gan&run=fixture-vae')).body) as { table: { rows: { key: string }[] } };
    expect(compare.table.rows.map((r) => r.key)).toEqual(['fixture-gan/default', 'fixture-vae/default']);
  });

  it('answers 404 to anything outside its routes or outside artifacts/: .., encoded slashes, symlinks out, unlisted files', async () => {
    const paths = [
      '/nope',
      '/../nx.json',
      '/files/../../nx.json',
      '/static/..%2f..%2fpackage.json',
      '/static/constructor',
      '/static/__proto__',
      '/files/fixture-gan/default/train/..%2f..%2f..%2f..%2fnx.json',
      '/files/fixture-gan/default/train/grids%2fepoch-0001.png',
      '/files/fixture-gan/default/train/grids/..%2fmanifest.json',
      '/files/fixture-gan/default/train/%2e%2e/model/architecture.json',
      '/files/fixture-gan/default/train/manifest.json',
      '/files/fixture-gan/default/train/log.jsonl',
      '/files/fixture-gan/default/.work/x',
      '/files/fixture-gan/default/train/grids/evil.png',
      '/files/linked/default/train/grids/epoch-0001.png',
      '/work-files/fixture-gan/default/0123456789abcdef/grids/epoch-0002.png',
      '/work-files/fixture-gan/default/..%2f..%2f/grids/epoch-0001.png',
      '/files/fixture-gan/default/train/grids/%00.png',
      '/files/fixture-gan/default/train/%E0%A4%A',
      '/reports/fixture-report/..%2f..%2fnx.json',
      '/files/Fixture-Gan/default/train/grids/epoch-0001.png',
      '/api/compare?run=../nx.json',
      '/runs/fixture-gan/..%2f..',
    ];
    for (const p of paths) expect([p, (await get(p)).status]).toEqual([p, 404]);
    expect((await get('/api/compare?run=fixture-gan%2F..%2F..')).status).toBe(404);
  });

  it('is read only (405 for other methods) and refuses a Host that is not loopback (DNS rebinding)', async () => {
    expect((await get('/', { method: 'POST' })).status).toBe(405);
    expect((await get('/files/fixture-gan/default/train/grids/epoch-0001.png', { method: 'DELETE' })).status).toBe(405);
    expect((await get('/', { host: 'attacker.example:80' })).status).toBe(403);
    expect((await get('/', { host: `localhost:${new URL(srv.url).port}` })).status).toBe(200);
  });

  it('a client that leaves mid-stream costs nothing: its stream and timers are gone, the server goes on', async () => {
    for (const path of ['/api/events', '/api/runs/fixture-gan/default/events']) {
      const u = new URL(srv.url);
      const first = await new Promise<string>((ok, fail) => {
        const req = request({ host: u.hostname, port: u.port, path }, (res) => {
          res.setEncoding('utf8');
          res.once('data', (c: string) => {
            ok(c);
            res.socket?.destroy();
          });
        });
        req.on('error', (e) => ((e as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : fail(e)));
        req.end();
      });
      expect(first).toMatch(/retry: 2000/);
      await vi.waitFor(() => expect(srv.openStreams()).toBe(0), { timeout: 60_000, interval: 20 });
    }
    expect((await get('/api/runs')).status).toBe(200);
    expect((await get('/api/events', { method: 'HEAD' })).status).toBe(200);
    expect(srv.openStreams()).toBe(0);
  });

  it('never wrote to the workspace', () => {
    expect(snapshot(root)).toBe(before);
  });
});
