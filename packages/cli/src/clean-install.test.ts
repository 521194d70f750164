// A new user's first minutes, for real: `npm ci` in a fresh clone of this commit (the registry
// reachable, nothing else), then `genlab setup` where it cannot succeed, then backend auto.
// - npm ci prints no stack trace, no banner, no npm warning: only npm's own lines and one line
//   per optional part, the ones README's "Install" section shows.
// - `genlab setup gpu` without a GPU and `genlab setup tensorflow` without access to libtensorflow
//   fail, say why, and change nothing: package.json, package-lock.json and node_modules as they were.
// - backend auto then still takes native (wasm when the kernels did not build), saying why it
//   skipped the bindings.
// One npm ci (minutes on a loaded 2-core machine, most of it the native build).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../test-support/temp-workspace';

const tmp = mkdtempSync(join(tmpdir(), 'genlab-clean-install-'));
const clone = join(tmp, 'genlab');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/**
 * The environment of a user's shell: none of the npm_* variables `npm test` hands its children
 * (its project's local_prefix among them), but where to find the registry (npm reads its
 * config files again).
 */
const KEPT_NPM_CONFIG = /^npm_config_(registry|cache|userconfig|globalconfig|cafile|proxy|https_proxy|strict_ssl)$/i;
function userEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if ((/^npm_/i.test(k) && !KEPT_NPM_CONFIG.test(k)) || k === 'INIT_CWD') delete env[k];
  delete env.GENLAB_BACKEND;
  return env;
}

function sh(cmd: string, args: string[], cwd = clone): { status: number | null; output: string; stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { cwd, env: userEnv(), encoding: 'utf8', maxBuffer: 64 << 20 });
  return { status: r.status, output: `${r.stdout}${r.stderr}`, stdout: r.stdout, stderr: r.stderr };
}

/** What "nothing changed" is checked against: the project's manifests and every installed package. */
function snapshot(): string {
  const h = createHash('sha256');
  for (const f of ['package.json', 'package-lock.json', 'node_modules/.package-lock.json'])
    h.update(`${f}\n${readFileSync(join(clone, f))}`);
  const walk = (dir: string, depth: number): void => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      h.update(`${dir}/${e.name}\n`);
      if (e.isDirectory() && depth > 0 && (e.name.startsWith('@') || e.name === '.cache' || e.name === 'genlab'))
        walk(join(dir, e.name), depth - 1);
    }
  };
  walk(join(clone, 'node_modules'), 2);
  return h.digest('hex');
}

const NATIVE_LINE = /^genlab native kernels (built \(oneDNN from \S+\)|not built \(wasm will be used\): .+)$/;
const GPU_LINE =
  /^genlab GPU bindings not installed \(optional\): on an NVIDIA GPU machine, `npx genlab setup gpu` installs @tensorflow\/tfjs-node-gpu \d+\.\d+\.\d+ and verifies it$/;

/** The fenced block of README's "## Install" section that starts with `$ npm ci`. */
function readmeNpmCi(): string[] {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## Install\n');
  expect(start, 'README.md needs an "## Install" section').toBeGreaterThan(0);
  const section = readme.slice(start, readme.indexOf('\n## ', start + 5));
  const block = /```\w*\n\$ npm ci\n([\s\S]*?)```/.exec(section);
  expect(block, 'README "## Install" needs a ```...$ npm ci ...``` block').not.toBeNull();
  return block![1]!.split('\n').filter((l) => l.trim());
}

let ci: ReturnType<typeof sh>;

beforeAll(() => {
  const cloned = spawnSync('git', ['clone', '-q', REPO_ROOT, clone], { encoding: 'utf8' });
  expect(cloned.status, cloned.stderr).toBe(0);
  ci = sh('npm', ['ci']);
}, 1_500_000);

describe('npm ci in a fresh clone', () => {
  it("succeeds and prints only npm's lines and one line per optional part, as README shows", () => {
    console.log(`npm ci output:\n${ci.output}`);
    expect(ci.status).toBe(0);
    expect(ci.output).not.toMatch(/Error:|^\s+at .*:\d+:\d+\)?$|Node\.js v\d/m); // no stack trace
    expect(ci.output).not.toMatch(/core-js|opencollective|donat/i); // no banner
    expect(ci.output).not.toMatch(/npm (warn|WARN|error|ERR!)/); // nothing left unreviewed by allowScripts, no engine mismatch
    const lines = ci.output.split('\n').filter((l) => l.trim());
    const ours = lines.filter((l) => l.startsWith('genlab '));
    expect(ours).toHaveLength(2);
    expect(ours[0]).toMatch(NATIVE_LINE);
    expect(ours[1]).toMatch(GPU_LINE);
    // Everything else is npm's: its header for our postinstall, and its summary.
    const npmLines = lines.filter((l) => !l.startsWith('genlab '));
    expect(npmLines).toEqual([
      '> genlab@0.1.0 postinstall',
      '> node packages/backend/scripts/install-summary.cjs',
      expect.stringMatching(/^added \d+ packages in \d[\w.]*$/),
    ]);

    // README's Install section shows this output: the same header, the same GPU line, a native
    // line of the same form (its oneDNN path, or its reason, is this machine's).
    const shown = readmeNpmCi();
    expect(shown.filter((l) => l.startsWith('> '))).toEqual(npmLines.slice(0, 2));
    expect(shown.filter((l) => l.startsWith('genlab '))).toHaveLength(2);
    expect(shown.find((l) => l.startsWith('genlab GPU'))).toBe(ours[1]);
    expect(shown.find((l) => l.startsWith('genlab native'))).toMatch(NATIVE_LINE);
    if (ours[0]!.includes(' built (')) expect(shown).toContain(ours[0]);
    expect(shown.at(-1)).toMatch(/^added \d+ packages in /);
  });
});

describe('genlab setup where it cannot succeed, then backend auto', () => {
  it('setup gpu without a GPU fails, says why, and changes nothing', () => {
    const before = snapshot();
    const r = sh(process.execPath, ['packages/cli/bin/genlab.cjs', 'setup', 'gpu']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^genlab: setup gpu: no GPU seen: nvidia-smi (not found|failed|lists no GPU)/);
    expect(r.stderr).toContain('Nothing was installed or changed (package.json, package-lock.json and node_modules are as they were)');
    expect(r.output).not.toMatch(/^\s+at /m);
    expect(snapshot()).toBe(before);
    expect(sh('git', ['status', '--porcelain']).stdout).toBe('');
  });

  it('setup tensorflow, where libtensorflow cannot be downloaded, fails, says why, and changes nothing', async () => {
    // Where libtensorflow's host resolves, this would install it into the clone; that path is for
    // a connected machine (README, "Backends and a GPU").
    const online = await lookup('storage.googleapis.com').then(
      () => true,
      () => false,
    );
    if (online) return console.log('skipped: libtensorflow is reachable from this machine');
    const before = snapshot();
    const r = sh(process.execPath, ['packages/cli/bin/genlab.cjs', 'setup', 'tensorflow']);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe(
      'installing @tensorflow/tfjs-node@4.22.0 in a staging folder (its install script downloads libtensorflow 2.9.1)...\n',
    );
    expect(r.stderr).toMatch(
      /^genlab: setup tensorflow: installing @tensorflow\/tfjs-node@4\.22\.0 failed: Error: getaddrinfo (ENOTFOUND|EAI_AGAIN) \S+ \(its install script downloads libtensorflow 2\.9\.1 from Google's storage, which this machine could not reach; npm's output: \S+\.log\)\. Nothing was installed or changed/,
    );
    expect(snapshot()).toBe(before);
    expect(sh('git', ['status', '--porcelain']).stdout).toBe('');
  }, 600_000);

  it('backend auto takes native (or wasm), saying it skipped the uninstalled bindings', () => {
    const code =
      "require('tsx/cjs/api').register(); require('./packages/backend/src/index.ts').initBackend('auto').then((i) => console.log(JSON.stringify(i)));";
    const r = sh(process.execPath, ['-e', code]);
    expect(r.status, r.stderr).toBe(0);
    const info = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { name: string; reason: string };
    expect(info.name).toBe(ci.output.includes('genlab native kernels built') ? 'native' : 'wasm');
    expect(info.reason).toContain('tfjs-node-gpu not installed (`genlab setup gpu` installs and verifies it)');
    expect(info.reason).toContain('tfjs-node not installed (`genlab setup tensorflow` installs and verifies it)');
  });
});
