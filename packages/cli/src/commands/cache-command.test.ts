import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GENLAB_BIN, startCacheServerProcess } from '../../test-support/cache-server-process';

// `genlab cache serve` as a real process: refuses to start without usable tokens, serves,
// and stops cleanly on SIGTERM.

const dir = mkdtempSync(join(tmpdir(), 'genlab-cache-cmd-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function serve(args: string[], env: Record<string, string>) {
  return spawnSync(process.execPath, [GENLAB_BIN, 'cache', 'serve', ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 60_000,
  });
}

describe('genlab cache serve', () => {
  it('will not start without tokens, with a short token, or with both --dir and --bucket (exit 2)', () => {
    const none = serve(['--dir', dir], { GENLAB_CACHE_READ_TOKENS: '', GENLAB_CACHE_WRITE_TOKENS: '' });
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('no access tokens configured');
    const short = serve(['--dir', dir], { GENLAB_CACHE_WRITE_TOKENS: 'abc' });
    expect(short.status).toBe(2);
    expect(short.stderr).toContain('at least 16 characters');
    const both = serve(['--dir', dir, '--bucket', 'b-1'], { GENLAB_CACHE_WRITE_TOKENS: 'w'.repeat(20) });
    expect(both.status).toBe(2);
    expect(both.stderr).toContain('--dir and --bucket');
  });

  it('serves /health and on SIGTERM finishes, logs "stopped" and exits 0', async () => {
    const srv = await startCacheServerProcess(dir, { write: 'w'.repeat(20) });
    expect((await fetch(`${srv.url}/health`)).status).toBe(200);
    const exit = new Promise<number | null>((resolve) => srv.child.on('exit', (code) => resolve(code)));
    srv.child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(srv.log.map((l) => l.msg)).toEqual(expect.arrayContaining(['listening', 'stopped']));
  });
});
