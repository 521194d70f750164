import { readFileSync } from 'node:fs';
import { hostname, uptime } from 'node:os';

/** Who holds a lock or made a temp folder: enough to tell later whether that process still runs. */
export interface ProcessIdentity {
  pid: number;
  host: string;
  /** Changes at every reboot: a pid from before a reboot is dead whatever runs under it now. */
  bootId: string;
  /** Start time of the process in clock ticks since boot (Linux), so a reused pid is not mistaken for the holder. */
  startTicks: number | null;
}

let bootIdCache: string | undefined;

/** Linux's per-boot random id; elsewhere the boot time to the minute. */
export function bootId(): string {
  if (bootIdCache) return bootIdCache;
  try {
    bootIdCache = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    bootIdCache = `boot-${Math.round((Date.now() / 1000 - uptime()) / 60)}`;
  }
  return bootIdCache;
}

/** Field 22 of /proc/<pid>/stat (after the parenthesised command name, which may hold spaces). */
export function processStartTicks(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[19]);
  } catch {
    return null;
  }
}

export function currentProcess(): ProcessIdentity {
  return { pid: process.pid, host: hostname(), bootId: bootId(), startTicks: processStartTicks(process.pid) };
}

/**
 * 'dead' when we can be sure the process is gone (same host: a reboot since, no such pid, or a
 * different process under that pid); 'alive' when it runs; 'unknown' on another host (a shared
 * file system), where only its owner can tell.
 */
export function processState(p: Pick<ProcessIdentity, 'pid' | 'host' | 'bootId'> & { startTicks?: number | null }): 'alive' | 'dead' | 'unknown' {
  if (p.host !== hostname()) return 'unknown';
  if (p.bootId !== bootId()) return 'dead';
  try {
    process.kill(p.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return 'dead';
  }
  if (p.startTicks != null) {
    const now = processStartTicks(p.pid);
    if (now !== null && now !== p.startTicks) return 'dead';
  }
  return 'alive';
}

/** Whether a pid of this host runs (for temp folders, which only record a pid). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}
