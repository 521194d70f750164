// Installs a TensorFlow binding into a staging folder outside the project first: its install
// script downloads libtensorflow, which fails on an offline machine or behind a firewall, and a
// failed `npm install` in the project itself could leave node_modules half changed. Only a
// staging install that succeeded is brought into the project (installIntoProject).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type StagedInstall = { ok: true; dir: string; packageDir: string } | { ok: false; reason: string; log: string };

/** npm install <pkg>@<version> in a new temp folder, running its install script (and only its). */
export function stageBindingInstall(pkg: string, version: string): StagedInstall {
  const dir = mkdtempSync(join(tmpdir(), 'genlab-setup-'));
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify(
      {
        name: 'genlab-setup-staging',
        private: true,
        dependencies: { [pkg]: version },
        allowScripts: { [`${pkg}@${version}`]: true, 'core-js': false },
      },
      null,
      2,
    ),
  );
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', '--foreground-scripts'], {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 256 << 20,
  });
  const output = `${r.stdout ?? ''}\n${r.stderr ?? ''}`;
  const packageDir = join(dir, 'node_modules', ...pkg.split('/'));
  if (r.status === 0 && !r.error && existsSync(join(packageDir, 'package.json'))) return { ok: true, dir, packageDir };
  const log = join(tmpdir(), `genlab-setup-${pkg.replace(/[@/]/g, '_')}.log`);
  writeFileSync(log, output);
  rmSync(dir, { recursive: true, force: true });
  return { ok: false, reason: firstError(output, r.error ?? undefined, r.status), log };
}

/** The line that says what went wrong: the script's `Error: ...`, else npm's own error. */
export function firstError(output: string, spawnError: Error | undefined, status: number | null): string {
  if (spawnError) return `npm could not be started: ${spawnError.message}`;
  const lines = output.split('\n').map((l) => l.trim());
  const thrown = lines.find((l) => /^Error: /.test(l));
  if (thrown) return thrown;
  const npm = lines.find(
    (l) =>
      /^npm (error|ERR!) /.test(l) && !/^npm (error|ERR!) (code|errno|syscall|path|command|cwd|A complete log)/.test(l) && l.length > 10,
  );
  return npm ?? `npm install exited with ${status}`;
}

/**
 * Adds the binding to the project's node_modules without touching package.json or
 * package-lock.json (`--no-save`; a later `npm ci` removes it again), its JavaScript and
 * dependencies from the registry with scripts off, then the staged install's libtensorflow
 * (deps/) and compiled binding (lib/) copied in. Returns the installed package's folder.
 */
export function installIntoProject(root: string, pkg: string, version: string, staged: { packageDir: string }): string {
  const kept = ['package.json', 'package-lock.json'].map((f) => [f, readFileSync(join(root, f), 'utf8')] as const);
  const r = spawnSync('npm', ['install', '--no-save', '--ignore-scripts', '--no-audit', '--no-fund', `${pkg}@${version}`], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 256 << 20,
  });
  // --no-save keeps them as they were; written back anyway, as the project's pins are not ours to move.
  for (const [f, text] of kept) if (readFileSync(join(root, f), 'utf8') !== text) writeFileSync(join(root, f), text);
  if (r.status !== 0)
    throw new Error(
      `npm install --no-save ${pkg}@${version} failed: ${firstError(`${r.stdout}\n${r.stderr}`, r.error ?? undefined, r.status)}`,
    );
  const target = join(root, 'node_modules', ...pkg.split('/'));
  for (const part of ['deps', 'lib']) {
    if (existsSync(join(staged.packageDir, part))) cpSync(join(staged.packageDir, part), join(target, part), { recursive: true });
  }
  return target;
}
