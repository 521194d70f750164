import { readFileSync } from 'node:fs';
import { pidAlive, RUN_PID_ENV } from '@genlab/artifacts';

/** Shells npm runs a script or a bin through (`sh -c 'genlab ...'`), which stay as our parent. */
const SHELLS = new Set(['sh', 'dash', 'bash', 'zsh']);

/**
 * The processes whose end means "stop": our parent and, when that is the shell npm ran us
 * through, the npm process above it. Linux tells the grandparent through /proc; elsewhere the
 * parent alone is watched.
 */
export function launcherPids(): number[] {
  const parent = process.ppid;
  const pids = [parent];
  try {
    const comm = readFileSync(`/proc/${parent}/comm`, 'utf8').trim();
    // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces and parentheses.
    const stat = readFileSync(`/proc/${parent}/stat`, 'utf8');
    const grandparent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (SHELLS.has(comm) && Number.isInteger(grandparent) && grandparent > 1) pids.push(grandparent);
  } catch {
    // No /proc (macOS): the parent alone.
  }
  return pids;
}

/** npm (`npm start`, `npm run genlab`, `npx genlab`) sets npm_command in what it runs. */
export function launchedByNpm(env: NodeJS.ProcessEnv): boolean {
  return env.npm_command !== undefined && env[RUN_PID_ENV] === undefined;
}

/**
 * npm and npx do not pass SIGTERM, SIGINT or SIGHUP on to what they run, and exit themselves,
 * leaving genlab (and Nx and a training under it) running as an orphan; a wrapper killed with
 * SIGKILL leaves it the same way. So when npm launched this process, it polls npm (and the
 * shell between) and, once one is gone or we were handed to another parent, raises SIGTERM in
 * itself: exactly what a signal sent to genlab directly does (training stops at a step boundary
 * and keeps its checkpoints; the cache server drains and exits 0). Only under npm: a
 * `nohup genlab run ... &` whose shell exits is meant to go on. Returns the function that stops
 * watching.
 */
export function watchLauncher(env: NodeJS.ProcessEnv = process.env, pollMs = 500): () => void {
  if (!launchedByNpm(env)) return () => {};
  const parent = process.ppid;
  const watched = launcherPids();
  const poll = setInterval(() => {
    const gone = process.ppid !== parent ? parent : watched.find((pid) => !pidAlive(pid));
    if (gone === undefined) return;
    clearInterval(poll);
    process.stderr.write(`genlab: the npm process that started genlab (pid ${gone}) is gone; stopping as on SIGTERM\n`);
    process.kill(process.pid, 'SIGTERM');
  }, pollMs);
  poll.unref();
  return () => clearInterval(poll);
}
