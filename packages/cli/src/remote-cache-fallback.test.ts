import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeRemoteCache, runWithRemoteCacheFallback } from './remote-cache-fallback';
import { startCacheServerProcess, type CacheServerProcess } from '../test-support/cache-server-process';

// The probe and the fallback against a real cache server process on loopback, and a closed port.

const TOKEN = 'ro-token-0123456789abcdef';
let dir: string;
let srv: CacheServerProcess;
let closedUrl: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'genlab-fallback-'));
  srv = await startCacheServerProcess(dir, { read: TOKEN });
  const s = createServer().listen(0, '127.0.0.1');
  await new Promise((r) => s.once('listening', r));
  closedUrl = `http://127.0.0.1:${(s.address() as { port: number }).port}`;
  await new Promise((r) => s.close(r));
});
afterAll(async () => {
  srv.child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

/**
 * A stand-in for Nx that fails while the remote cache is set, and records each call's remote
 * cache: 'forwarder' for the loopback forwarder runWithRemoteCacheFallback puts in between.
 */
function fakeNx(codeWithRemote: number) {
  const calls: (string | undefined)[] = [];
  const run = (env: NodeJS.ProcessEnv) => {
    const url = env.NX_SELF_HOSTED_REMOTE_CACHE_SERVER;
    calls.push(url && /^http:\/\/127\.0\.0\.1:\d+$/.test(url) && url !== srv.url && url !== closedUrl ? 'forwarder' : url);
    return env.NX_SELF_HOSTED_REMOTE_CACHE_SERVER ? codeWithRemote : 0;
  };
  return { calls, run };
}
const env = (url: string, token = TOKEN) => ({ NX_SELF_HOSTED_REMOTE_CACHE_SERVER: url, NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: token });

describe('probing the remote cache and falling back to the local one', () => {
  it('probes: ok, a refused token, an unreachable server', () => {
    expect(probeRemoteCache(srv.url, TOKEN)).toEqual({ state: 'ok' });
    expect(probeRemoteCache(srv.url, 'wrong-token-0123456789').state).toBe('refused-token');
    const down = probeRemoteCache(closedUrl, TOKEN);
    expect(down.state).toBe('unusable');
    expect(down.state === 'unusable' && down.detail).toContain('ECONNREFUSED');
  });

  it('runs again with the local cache only, warning once, when the server is unreachable', async () => {
    const nx = fakeNx(1);
    const warnings: string[] = [];
    expect(await runWithRemoteCacheFallback(nx.run, env(closedUrl), (s) => warnings.push(s))).toBe(0);
    expect(nx.calls).toEqual(['forwarder', undefined]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('running again with the local cache only');
  });

  it("keeps a failure that is the run's own (the server answers) or a refused token, without a rerun", async () => {
    for (const [e, message] of [
      [env(srv.url), undefined],
      [env(srv.url, 'wrong-token-0123456789'), '401'],
    ] as const) {
      const nx = fakeNx(1);
      const warnings: string[] = [];
      expect(await runWithRemoteCacheFallback(nx.run, e, (s) => warnings.push(s))).toBe(1);
      expect(nx.calls).toEqual(['forwarder']);
      if (message) expect(warnings.join('')).toContain(message);
      else expect(warnings).toEqual([]);
    }
  });

  it('never probes a successful run or one without a remote cache', async () => {
    const nx = fakeNx(0);
    expect(await runWithRemoteCacheFallback(nx.run, env(closedUrl), () => undefined)).toBe(0);
    expect(nx.calls).toEqual(['forwarder']);
    const local = fakeNx(1);
    expect(
      await runWithRemoteCacheFallback(
        () => 3,
        {},
        () => undefined,
      ),
    ).toBe(3);
    expect(local.calls).toEqual([]);
  });
});
