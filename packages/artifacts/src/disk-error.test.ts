import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { diskError, formatBytes, isDiskError } from './disk-error';

// The message of a full, read-only or forbidden disk, for errors shaped as Node raises them
// (with a path, with copyfile's dest, and a write on an open file with neither). The real
// full disk is in packages/cli/src/commands/disk-full.test.ts.

const root = mkdtempSync(join(tmpdir(), 'genlab-disk-'));
const artifacts = join(root, 'artifacts');
const outDir = join(artifacts, 'g', 'default', 'train');
const workDir = join(artifacts, '.work', 'g', 'default', 'train-abc');
mkdirSync(workDir, { recursive: true });
afterAll(() => rmSync(root, { recursive: true, force: true }));

const errno = (code: string, extra: object = {}) => Object.assign(new Error(`${code}: test`), { code, ...extra }) as NodeJS.ErrnoException;
const ctx = { stage: 'train', name: 'g', variant: 'default', outDir, workDir, neededBytes: 3 * 1024 * 1024, resumeEpoch: 4 };

describe('diskError', () => {
  it('tells disk errors from others', () => {
    for (const code of ['ENOSPC', 'EDQUOT', 'EROFS', 'EACCES', 'EPERM']) expect(isDiskError(errno(code))).toBe(true);
    expect(isDiskError(errno('ENOENT'))).toBe(false);
    expect(isDiskError(new Error('x'))).toBe(false);
  });

  it('a write with no path: the common folder of the stage folders, the room left, the size, the resume epoch', () => {
    const e = diskError(errno('ENOSPC'), ctx);
    expect(e.folder).toBe(artifacts);
    expect(e.message).toMatch(new RegExp(`^cannot write train of g/default: no space left on the device \\(ENOSPC\\) in ${artifacts} \\(\\d+(\\.\\d)? (bytes|KiB|MiB|GiB|TiB) free there; the last train artifact took 3\\.0 MiB\\)\\.\\n`));
    expect(e.message).toContain('Nothing was lost: the artifacts already built are intact and this stage\'s unfinished output was removed (its checkpoints are kept). Free some space, then run the same command again: training resumes from its checkpoint of epoch 4.');
  });

  it("names the file's folder, copyfile's destination, and what to fix for EROFS and EACCES", () => {
    expect(diskError(errno('ENOSPC', { path: join(workDir, 'state.json') }), ctx).folder).toBe(workDir);
    expect(diskError(errno('ENOSPC', { path: join(workDir, 'a.bin'), dest: join(outDir, 'a.bin') }), ctx).folder).toBe(outDir);
    const ro = diskError(errno('EROFS', { path: workDir }), { ...ctx, stage: 'evaluate', neededBytes: null, resumeEpoch: null });
    expect(ro.message).toContain(`cannot write evaluate of g/default: the file system is read-only (EROFS) in ${workDir} (`);
    expect(ro.message).toContain('Make the folder writable (a read-write file system), then run the same command again: evaluate runs again from its intact upstream artifacts.');
    expect(diskError(errno('EACCES', { path: workDir }), ctx).message).toContain('Fix the permissions of that folder');
  });

  it('formats sizes', () => {
    expect([formatBytes(512), formatBytes(2048), formatBytes(5 * 1024 ** 3)]).toEqual(['512 bytes', '2.0 KiB', '5.0 GiB']);
  });
});
