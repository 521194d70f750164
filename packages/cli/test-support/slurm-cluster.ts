import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { onPath } from '@genlab/cluster';

/**
 * A real Slurm for tests, on loopback: munged with a key made for this run, one slurmctld and
 * one slurmd (this machine, 2 CPUs), configured in a temp folder. SlurmUser root, no cgroups
 * (proctrack/linuxproc, task/none), select/cons_tres, and no accounting database
 * (accounting_storage/none: sacct says it is disabled, so genlab list relies on squeue and the
 * scripts' exit files). Every process it starts, and every job process, carries MARKER in its
 * environment, so stop() can make sure none survives.
 */
export interface SlurmCluster {
  dir: string;
  /** SLURM_CONF and the marker: give it to every Slurm command and genlab process. */
  env: NodeJS.ProcessEnv;
  node: string;
  /** scancel everything, stop the daemons, kill anything left that carries the marker. */
  stop(): Promise<void>;
}

const MARKER = 'GENLAB_TEST_SLURM';

/** Starts the cluster, or says why it cannot (not root, not installed, a daemon failed). */
export async function startSlurmCluster(): Promise<SlurmCluster | { skip: string }> {
  if (process.getuid?.() !== 0) return { skip: 'Slurm needs root to start slurmd (tests run as a normal user)' };
  const missing = ['munged', 'slurmctld', 'slurmd', 'sbatch', 'squeue', 'scancel', 'sinfo', 'scontrol'].filter(
    (c) => onPath(c, `${process.env.PATH}:/usr/sbin:/sbin`) === null,
  );
  if (missing.length) return { skip: `${missing.join(', ')} not installed (apt-get install slurm-wlm munge)` };
  const dir = mkdtempSync(join(tmpdir(), 'genlab-slurm-'));
  const node = hostname();
  const conf = join(dir, 'slurm.conf');
  const env: NodeJS.ProcessEnv = { ...process.env, SLURM_CONF: conf, [MARKER]: dir, PATH: `${process.env.PATH}:/usr/sbin:/sbin` };
  const children: ChildProcess[] = [];
  const daemon = (cmd: string, args: string[]) => {
    const c = spawn(cmd, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    c.stderr!.on('data', (b: Buffer) => (err = (err + b).slice(-4000)));
    children.push(c);
    return () => err;
  };
  const cluster: SlurmCluster = { dir, env, node, stop: () => stopCluster(dir, env, children) };

  const munge = join(dir, 'munge');
  mkdirSync(munge, { mode: 0o711 });
  writeFileSync(join(munge, 'munge.key'), randomBytes(1024), { mode: 0o400 });
  chmodSync(join(munge, 'munge.key'), 0o400);
  const socket = join(munge, 'munge.sock');
  const mungeErr = daemon('munged', [
    '-F',
    '-f',
    `--socket=${socket}`,
    `--key-file=${join(munge, 'munge.key')}`,
    `--log-file=${join(munge, 'munged.log')}`,
    `--pid-file=${join(munge, 'munged.pid')}`,
    `--seed-file=${join(munge, 'munged.seed')}`,
  ]);
  if (!(await waitFor(() => existsSync(socket), 10_000))) return failed(cluster, `munged did not start: ${mungeErr()}`);

  const [ctldPort, slurmdPort] = [await freePort(), await freePort()];
  for (const d of ['state', 'spool']) mkdirSync(join(dir, d));
  writeFileSync(conf, slurmConf({ dir, node, socket, ctldPort, slurmdPort }));
  const ctldErr = daemon('slurmctld', ['-D', '-i', '-f', conf]);
  const slurmdErr = daemon('slurmd', ['-D', '-f', conf]);
  const idle = await waitFor(() => {
    const r = spawnSync('sinfo', ['--noheader', '--format=%t'], { env, encoding: 'utf8' });
    return r.status === 0 && r.stdout.trim() === 'idle';
  }, 30_000);
  if (!idle)
    return failed(
      cluster,
      `slurmctld/slurmd did not bring the node up:\n${ctldErr()}\n${slurmdErr()}\n${tail(join(dir, 'slurmctld.log'))}\n${tail(join(dir, 'slurmd.log'))}`,
    );
  return cluster;
}

function slurmConf(c: { dir: string; node: string; socket: string; ctldPort: number; slurmdPort: number }): string {
  return `# genlab's test cluster: one node, loopback, no cgroups, no accounting database.
ClusterName=genlabtest
SlurmctldHost=${c.node}(127.0.0.1)
SlurmctldPort=${c.ctldPort}
SlurmdPort=${c.slurmdPort}
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=${c.socket}
CredType=cred/munge
StateSaveLocation=${c.dir}/state
SlurmdSpoolDir=${c.dir}/spool
SlurmctldPidFile=${c.dir}/slurmctld.pid
SlurmdPidFile=${c.dir}/slurmd.pid
SlurmctldLogFile=${c.dir}/slurmctld.log
SlurmdLogFile=${c.dir}/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
MailProg=/bin/true
ReturnToService=2
SlurmdParameters=config_overrides
KillWait=10
InactiveLimit=0
MinJobAge=3600
SchedulerParameters=sched_interval=2
NodeName=${c.node} NodeAddr=127.0.0.1 CPUs=2 State=UNKNOWN
PartitionName=debug Nodes=${c.node} Default=YES MaxTime=INFINITE State=UP
`;
}

async function failed(cluster: SlurmCluster, why: string): Promise<{ skip: string }> {
  await cluster.stop();
  return { skip: `Slurm did not start: ${why.trim()}` };
}

async function stopCluster(dir: string, env: NodeJS.ProcessEnv, children: ChildProcess[]): Promise<void> {
  if (children.length >= 3) {
    spawnSync('scancel', ['--user=root'], { env });
    await waitFor(() => spawnSync('squeue', ['--noheader'], { env, encoding: 'utf8' }).stdout?.trim() === '', 30_000);
  }
  for (const c of [...children].reverse()) {
    if (c.exitCode !== null || c.signalCode !== null) continue;
    const gone = new Promise((r) => c.once('exit', r));
    c.kill('SIGTERM');
    await Promise.race([gone, new Promise((r) => setTimeout(r, 10_000))]);
    if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  }
  // slurmstepd and job processes are not our children: find them by the marker.
  for (const pid of markedProcesses(dir)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  rmSync(dir, { recursive: true, force: true });
}

/** Processes whose environment carries this cluster's marker (daemons, slurmstepd, jobs). */
export function markedProcesses(dir: string): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d) && Number(d) !== process.pid)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(`${MARKER}=${dir}`);
      } catch {
        return false;
      }
    })
    .map(Number);
}

function tail(file: string): string {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').slice(-15).join('\n') : '';
}

async function waitFor(cond: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 200))) if (cond()) return true;
  return cond();
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}
