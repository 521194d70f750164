import { linkSync, mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ArtifactError } from './artifact-error';
import { onExitCleanup } from './exit-cleanup';
import { currentProcess, processState, type ProcessIdentity } from './process-liveness';

/** What a lock file holds. */
export interface LockHolder extends ProcessIdentity {
  /** ISO time the lock was taken (a waiter: when it started waiting). */
  since: string;
  /** The stage fingerprint the process works on (absent in locks written before it was recorded). */
  fingerprint?: string;
}

export interface StageLock {
  file: string;
  release: () => void;
}

/** A stage is locked by another live process and the caller asked not to wait (--no-wait). */
export class StageLockedError extends ArtifactError {
  constructor(dir: string, readonly holder: LockHolder | null) {
    super(dir, `another genlab process is working on this stage (${describeHolder(holder)}); not waiting (--no-wait). Rerun when it is done.`);
  }
}

export interface AcquireOptions {
  /** false: throw StageLockedError at once if a live process holds the lock. */
  wait: boolean;
  /** Told who holds the lock, when the wait starts and then every `reportEveryMs`. */
  onWait?: (holder: LockHolder | null, file: string) => void;
  pollMs?: number;
  reportEveryMs?: number;
  /** The fingerprint this process would compute: recorded in the lock and in its waiting file (genlab ui shows both). */
  fingerprint?: string;
}

/** `.<stage>.lock` beside the artifact folder: outside Nx's outputs, one per artifact (and its work folder). */
export function lockFileOf(finalDir: string): string {
  return join(dirname(finalDir), `.${basename(finalDir)}.lock`);
}

/**
 * `.<stage>.lock.waiting-<pid>`: one per process waiting for the lock, with its identity, so
 * that others (genlab ui) can tell a stage is waited for; removed when the wait ends.
 */
const WAITING = '.waiting-';

/** The live processes waiting for the lock of `finalDir`, oldest first. Read only. */
export function lockWaiters(finalDir: string): LockHolder[] {
  const lock = lockFileOf(finalDir);
  let names: string[];
  try {
    names = readdirSync(dirname(lock));
  } catch {
    return [];
  }
  const prefix = basename(lock) + WAITING;
  return names
    .filter((n) => n.startsWith(prefix))
    .flatMap((n) => {
      const { holder } = readHolder(join(dirname(lock), n));
      return holder !== null && processState(holder) === 'alive' ? [holder] : [];
    })
    .sort((a, b) => a.since.localeCompare(b.since));
}

/** The live process that holds the lock of the stage artifact `finalDir`, if any. Read only. */
export function liveLockHolder(finalDir: string): LockHolder | null {
  const { holder } = readHolder(lockFileOf(finalDir));
  return holder !== null && processState(holder) === 'alive' ? holder : null;
}

export function describeHolder(h: LockHolder | null): string {
  if (!h) return 'holder unknown';
  const secs = Math.round((Date.now() - Date.parse(h.since)) / 1000);
  return `pid ${h.pid} on ${h.host}, since ${h.since} (${secs} s ago)`;
}

/**
 * Takes the lock of one stage artifact, waiting while a live process holds it. A lock whose
 * holder died (kill -9, a reboot: see processState) is taken over. Creation is atomic: the
 * holder's identity is written to a private file first and hard-linked to the lock name, which
 * fails if the name exists, so a lock file is never seen half-written.
 */
export async function acquireStageLock(finalDir: string, opts: AcquireOptions): Promise<StageLock> {
  const file = lockFileOf(finalDir);
  mkdirSync(dirname(file), { recursive: true });
  const me: LockHolder = { ...currentProcess(), since: new Date().toISOString(), ...(opts.fingerprint ? { fingerprint: opts.fingerprint } : {}) };
  let lastReport = 0;
  let waiting: { file: string; stopCleanup: () => void } | null = null;
  const endWait = () => {
    if (!waiting) return;
    waiting.stopCleanup();
    unlinkQuiet(waiting.file);
    waiting = null;
  };
  try {
    for (;;) {
      if (tryCreate(file, { ...me, since: new Date().toISOString() })) {
        endWait();
        const stopCleanup = onExitCleanup(() => releaseIfOurs(file));
        return { file, release: () => (stopCleanup(), releaseIfOurs(file)) };
      }
      const { holder, text } = readHolder(file);
      if (text === null) continue; // released between our attempt and the read: try again
      if (holder === null || processState(holder) === 'dead') {
        takeOver(file, text);
        continue;
      }
      if (!opts.wait) throw new StageLockedError(finalDir, holder);
      if (!waiting) {
        const w = `${file}${WAITING}${process.pid}`;
        writeFileSync(w, JSON.stringify(me) + '\n');
        waiting = { file: w, stopCleanup: onExitCleanup(() => unlinkQuiet(w)) };
      }
      if (Date.now() - lastReport >= (opts.reportEveryMs ?? 30_000)) {
        opts.onWait?.(holder, file);
        lastReport = Date.now();
      }
      await new Promise((r) => setTimeout(r, opts.pollMs ?? 250));
    }
  } finally {
    endWait();
  }
}

function tryCreate(file: string, who: object): boolean {
  const mine = `${file}.${process.pid}`;
  writeFileSync(mine, JSON.stringify(who) + '\n');
  try {
    linkSync(mine, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    unlinkSync(mine);
  }
}

function readHolder(file: string): { holder: LockHolder | null; text: string | null } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { holder: null, text: null };
  }
  try {
    const h = JSON.parse(text) as LockHolder;
    return { holder: typeof h.pid === 'number' && typeof h.host === 'string' ? h : null, text };
  } catch {
    // Lock files are complete when they appear (see acquireStageLock); garbage is not a live holder.
    return { holder: null, text };
  }
}

/**
 * Removes a dead holder's lock. Two waiters may both see it dead: a short-lived guard file
 * (taken the same atomic way) lets one of them remove it, and only if the lock still holds the
 * very text that was judged dead, so a lock a live process took meanwhile is never removed.
 */
function takeOver(file: string, deadText: string): void {
  const guard = `${file}.takeover`;
  if (!tryCreate(guard, currentProcess())) {
    const { holder } = readHolder(guard);
    // The guard is held for microseconds; one left behind by a killed process is removed.
    if (holder === null || processState(holder) === 'dead') unlinkQuiet(guard);
    return;
  }
  try {
    const now = readHolder(file).text;
    if (now === deadText) unlinkQuiet(file);
  } finally {
    unlinkQuiet(guard);
  }
}

function releaseIfOurs(file: string): void {
  const { holder } = readHolder(file);
  if (holder && holder.pid === process.pid && processState(holder) !== 'unknown') unlinkQuiet(file);
}

function unlinkQuiet(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // already gone
  }
}
