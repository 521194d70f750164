// The install script on a machine without oneDNN or without a compiler: one line saying why,
// exit code 0 (npm ci goes on), the reason kept for initBackend, and no stale build left to load.
// Runs a copy of the script in a temp folder so this checkout's build is untouched.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadAddon } from './load-addon';

const pkg = join(__dirname, '..');
const tmp = mkdtempSync(join(tmpdir(), 'genlab-native-install-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function runInstall(name: string, env: Record<string, string>): { status: number | null; lines: string[]; dir: string } {
  const dir = join(tmp, name);
  cpSync(join(pkg, 'scripts'), join(dir, 'scripts'), { recursive: true });
  cpSync(join(pkg, 'binding.gyp'), join(dir, 'binding.gyp'));
  mkdirSync(join(dir, 'build', 'Release'), { recursive: true });
  writeFileSync(join(dir, 'build', 'Release', 'genlab_native.node'), 'stale'); // an older build
  const r = spawnSync(process.execPath, [join(dir, 'scripts', 'install.cjs')], {
    cwd: dir,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  return { status: r.status, lines: `${r.stdout}${r.stderr}`.trim().split('\n'), dir };
}

describe('backend-native install script', () => {
  it('without oneDNN headers: one line, exit 0, reason recorded, stale build removed', () => {
    const r = runInstall('no-dnnl', { GENLAB_DNNL_ROOT: join(tmp, 'nowhere') });
    expect(r.status).toBe(0);
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toMatch(/^genlab native kernels not built \(wasm will be used\): oneDNN headers not found .*install libdnnl-dev/);
    expect(readFileSync(join(r.dir, 'build', 'not-built.txt'), 'utf8')).toMatch(/^oneDNN headers not found/);
    expect(existsSync(join(r.dir, 'build', 'Release', 'genlab_native.node'))).toBe(false);
  });

  it('without a C++ compiler: one line naming the compiler, exit 0', () => {
    // Headers are found first (a stand-in prefix, so this holds on a machine without oneDNN too).
    const prefix = join(tmp, 'fake-dnnl');
    mkdirSync(join(prefix, 'include', 'oneapi', 'dnnl'), { recursive: true });
    writeFileSync(join(prefix, 'include', 'oneapi', 'dnnl', 'dnnl.hpp'), '');
    const r = runInstall('no-cxx', { GENLAB_DNNL_ROOT: prefix, CXX: join(tmp, 'no-such-compiler') });
    expect(r.status).toBe(0);
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toContain(`no C++ compiler (${join(tmp, 'no-such-compiler')} --version failed)`);
  });

  it('loadAddon reports a missing build with how to build it', () => {
    const attempt = loadAddon(join(tmp, 'missing', 'genlab_native.node'));
    expect(attempt).toEqual({
      ok: false,
      reason: expect.stringMatching(/^native kernels not built: .*does not exist \(run `npm rebuild @genlab\/backend-native`/),
    });
  });
});
