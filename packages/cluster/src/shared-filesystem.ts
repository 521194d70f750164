import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { ClusterUsageError } from './cluster-error';
import { slurm, said } from './slurm-command';

/** File systems that every node of a cluster mounts (as `stat -f -c %T` names them). */
const SHARED_TYPES =
  /^(nfs|nfs4|smb2?|cifs|lustre|gpfs|beegfs|ceph|cephfs|fuse\.(glusterfs|ceph|beegfs|sshfs|juicefs)|glusterfs|panfs|wekafs|9p|afs|pvfs2|orangefs|ocfs2|gfs2?)$/i;

/** The file system type of `path` as the kernel names it (`nfs`, `lustre`, `ext2/ext3`, `overlayfs`, ...). */
export function fileSystemType(path: string): string {
  const r = spawnSync('stat', ['-f', '-c', '%T', path], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : 'unknown';
}

/**
 * Checks that the jobs, wherever Slurm starts them, see this workspace's artifacts/ and
 * .nx/cache: either they live on a file system every node mounts (NFS, Lustre, GPFS, ...), or
 * every node of the partition is this machine. Returns how they are shared, for the scripts'
 * header; throws, naming the file system and the nodes, when neither holds.
 */
export function checkSharedFileSystem(root: string, partition: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const paths = [root, join(root, 'artifacts'), join(root, '.nx', 'cache')].filter((p) => existsSync(p));
  const types = paths.map((p) => ({ p, type: fileSystemType(p) }));
  const local = types.filter((t) => !SHARED_TYPES.test(t.type));
  if (local.length === 0) return `${[...new Set(types.map((t) => t.type))].join(', ')} at ${root}`;
  const nodes = partitionNodes(partition, env);
  const here = new Set([hostname(), hostname().split('.')[0], 'localhost']);
  if (nodes.length > 0 && nodes.every((n) => here.has(n)))
    return `every node of the ${partition ? `partition ${partition}` : 'default partition'} is this machine (${nodes.join(', ')}), so its ${local[0].type} file system at ${root} is theirs`;
  throw new ClusterUsageError(
    `the jobs could not share results: ${local.map((t) => `${t.p} is on ${t.type}`).join(', ')}, a file system local to this machine, ` +
      `and the jobs may run on ${nodes.length ? `other nodes (${nodes.join(', ')})` : 'other nodes'}.\n` +
      'Either put the workspace on the file system the nodes share (NFS, Lustre, GPFS, BeeGFS, CephFS), or start a remote cache ' +
      '(genlab cache serve) and set NX_SELF_HOSTED_REMOTE_CACHE_SERVER and NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN (a write token) before genlab submit.',
  );
}

/** The nodes of a partition (the default one, marked `*` by sinfo, when none is named). */
export function partitionNodes(partition: string | undefined, env: NodeJS.ProcessEnv = process.env): string[] {
  const r = slurm('sinfo', ['--noheader', '--Node', '--format=%N %P'], env);
  if (r.status !== 0) throw new ClusterUsageError(`sinfo could not list the cluster's nodes:\n${said(r)}`);
  const rows = r.stdout
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f.length === 2);
  const marked = rows.filter(([, p]) => p.endsWith('*'));
  const mine = partition !== undefined ? rows.filter(([, p]) => p.replace(/\*$/, '') === partition) : marked.length ? marked : rows;
  if (partition !== undefined && mine.length === 0) {
    throw new ClusterUsageError(
      `the cluster has no partition '${partition}' (partitions: ${[...new Set(rows.map(([, p]) => p.replace(/\*$/, '')))].join(', ') || 'none'})`,
    );
  }
  return [...new Set(mine.map(([n]) => n))];
}
