import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../main';
import { GENLAB_BIN, startCacheServerProcess, type CacheServerProcess } from '../../test-support/cache-server-process';
import { makeTempWorkspace, TINY_EVALUATOR, TINY_GAN } from '../../test-support/temp-workspace';

// The cache server over TLS with a self-signed certificate (openssl), and genlab run trusting
// it through NODE_EXTRA_CA_CERTS: genlab's loopback forwarder is what speaks to the server, so
// Node's own trust store and variables apply, whatever Nx's client would do.

const TOKEN = 'rw-token-0123456789abcdef';
let tmp: string;
let cert: string;
let srv: CacheServerProcess;
let root: string;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'genlab-tls-'));
  cert = join(tmp, 'cert.pem');
  const key = join(tmp, 'key.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '2',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'pipe' },
  );
  srv = await startCacheServerProcess(join(tmp, 'store'), { write: TOKEN }, ['--tls-cert', cert, '--tls-key', key]);
  root = makeTempWorkspace({ 'a/experiment.yaml': `name: a\n${TINY_GAN}`, 'evaluator/evaluator.yaml': TINY_EVALUATOR });
});
afterAll(() => {
  srv?.child.kill('SIGTERM');
  rmSync(tmp, { recursive: true, force: true });
  rmSync(root, { recursive: true, force: true });
});

function run(extraEnv: Record<string, string>) {
  return new Promise<{ code: number | null; err: string }>((resolve) => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NX_SELF_HOSTED_REMOTE_CACHE_SERVER: srv.url,
      NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: TOKEN,
      GENLAB_THREADS: '1',
      ...extraEnv,
    };
    if (!('NODE_EXTRA_CA_CERTS' in extraEnv)) delete env.NODE_EXTRA_CA_CERTS;
    const child = spawn(process.execPath, [GENLAB_BIN, 'run', 'a', '--until', 'data'], {
      cwd: root,
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c));
    child.on('close', (code) => resolve({ code, err }));
  });
}
const fresh = () => {
  rmSync(join(root, '.nx'), { recursive: true, force: true });
  rmSync(join(root, 'artifacts'), { recursive: true, force: true });
};
const requests = (method: string) =>
  srv.log.filter((l) => l.req?.method === method && l.req.url.startsWith('/v1/cache/')).map((l) => l.res?.statusCode);

describe('genlab cache serve --tls-cert --tls-key', () => {
  it('serves HTTPS', () => {
    expect(srv.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  });

  it('genlab run with NODE_EXTRA_CA_CERTS uploads to it, and a fresh clone restores from it', async () => {
    fresh();
    const first = await run({ NODE_EXTRA_CA_CERTS: cert });
    expect(first.code, first.err).toBe(0);
    expect(first.err).not.toContain('remote cache at');
    expect(requests('PUT')).toContain(200);
    fresh();
    const second = await run({ NODE_EXTRA_CA_CERTS: cert });
    expect(second.code, second.err).toBe(0);
    expect(requests('GET')).toContain(200);
  }, 300_000);

  it('without the certificate trusted: one warning naming the server, and the run finishes locally', async () => {
    fresh();
    const r = await run({});
    expect(r.code, r.err).toBe(0);
    expect(r.err.split(`the remote cache at ${srv.url} is unreachable (`).length - 1, r.err).toBe(1);
    expect(r.err).toMatch(/SELF_SIGNED|UNABLE_TO_VERIFY|CERT/);
  }, 300_000);

  it('refuses a certificate without its key, and files that are not PEM, as usage errors', async () => {
    const junk = join(tmp, 'junk.pem');
    writeFileSync(junk, 'not a certificate\n');
    for (const [argv, message] of [
      [['--tls-cert', cert], '--tls-cert and --tls-key go together'],
      [['--tls-cert', junk, '--tls-key', junk], `--tls-cert: ${junk} is not a PEM file holding a certificate`],
      [['--tls-cert', cert, '--tls-key', join(tmp, 'missing.pem')], '--tls-key: cannot read'],
    ] as const) {
      let err = '';
      expect(await main(['cache', 'serve', '--port', '0', ...argv], { err: (s) => (err += s) })).toBe(2);
      expect(err).toContain(message);
    }
  });
});
