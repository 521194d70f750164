import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkSharedFileSystem, fileSystemType, partitionNodes } from './shared-filesystem';

// sinfo stand-ins: a script on PATH that prints what `sinfo --Node --format="%N %P"` prints
// on a cluster of other machines, and on a cluster whose one node is this machine.
const dirs: string[] = [];
function fakeSinfo(rows: string): NodeJS.ProcessEnv {
  const bin = mkdtempSync(join(tmpdir(), 'genlab-sinfo-'));
  dirs.push(bin);
  writeFileSync(
    join(bin, 'sinfo'),
    `#!/bin/sh\nprintf '%s\\n' ${rows
      .split('\n')
      .map((r) => `'${r}'`)
      .join(' ')}\n`,
  );
  chmodSync(join(bin, 'sinfo'), 0o755);
  return { ...process.env, PATH: `${bin}:${process.env.PATH}` };
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('checking that the jobs share the workspace', () => {
  const root = mkdtempSync(join(tmpdir(), 'genlab-ws-fs-'));
  dirs.push(root);

  it('reads the nodes of the default partition, or of a named one, and refuses an unknown partition', () => {
    const env = fakeSinfo('node1 batch*\nnode2 batch*\ngpu1 gpu\nnode1 debug');
    expect(partitionNodes(undefined, env)).toEqual(['node1', 'node2']);
    expect(partitionNodes('gpu', env)).toEqual(['gpu1']);
    expect(() => partitionNodes('nope', env)).toThrow(/no partition 'nope' \(partitions: batch, gpu, debug\)/);
  });

  it('a local file system and other nodes: refused, naming the file system, the nodes and the remote cache', () => {
    const type = fileSystemType(root);
    if (/^(nfs|lustre|gpfs|beegfs|ceph)/.test(type)) return; // /tmp is shared here: nothing to refuse
    expect(() => checkSharedFileSystem(root, undefined, fakeSinfo('node1 batch*\nnode2 batch*'))).toThrow(
      new RegExp(
        `${root} is on ${type.replace(/[/.]/g, '\\$&')}, a file system local to this machine, and the jobs may run on other nodes \\(node1, node2\\)[^]*NX_SELF_HOSTED_REMOTE_CACHE_SERVER`,
      ),
    );
  });

  it('every node is this machine: its local file system is shared with the jobs', () => {
    expect(checkSharedFileSystem(root, 'debug', fakeSinfo(`${hostname()} debug*`))).toMatch(
      /every node of the partition debug is this machine/,
    );
  });
});
