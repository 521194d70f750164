import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sourceCommit } from './source-commit';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), 'genlab-git-'));
  dirs.push(d);
  return d;
};
const git = (cwd: string, ...args: string[]) => spawnSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...args], { cwd, encoding: 'utf8' });

describe('sourceCommit', () => {
  it('is null outside a git checkout', () => {
    expect(sourceCommit(temp())).toBeNull();
  });

  it('reads HEAD and whether tracked files changed since', () => {
    const clean = temp();
    git(clean, 'init', '-q');
    writeFileSync(join(clean, 'a.txt'), 'a');
    git(clean, 'add', 'a.txt');
    git(clean, 'commit', '-qm', 'a');
    const head = git(clean, 'rev-parse', 'HEAD').stdout.trim();
    writeFileSync(join(clean, 'untracked.txt'), 'not part of the code');
    expect(sourceCommit(clean)).toEqual({ commit: head, dirty: false });
    const dirty = temp();
    git(dirty, 'init', '-q');
    writeFileSync(join(dirty, 'a.txt'), 'a');
    git(dirty, 'add', 'a.txt');
    git(dirty, 'commit', '-qm', 'a');
    writeFileSync(join(dirty, 'a.txt'), 'changed');
    expect(sourceCommit(dirty)).toMatchObject({ dirty: true });
  });
});
