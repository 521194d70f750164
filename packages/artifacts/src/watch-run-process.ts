import { pidAlive } from './process-liveness';

/**
 * `genlab run` sets this to its pid for the stages Nx starts. Nx may run a stage in a pseudo
 * terminal of its own session, so a kill of `genlab run`'s process group (or kill -9 of it alone)
 * does not reach the stage; the stage watches the pid instead and stops when it is gone.
 */
export const RUN_PID_ENV = 'GENLAB_RUN_PID';

/** The pid of the `genlab run` that started this stage, if any. */
export function runPid(): number | null {
  const pid = Number(process.env[RUN_PID_ENV]);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

/**
 * Polls the `genlab run` pid; when it is gone, raises SIGINT in this process: training stops at
 * its next step boundary (its checkpoints stay) and any other stage removes its temp folder and
 * exits. If the process is still there `graceMs` later, a second SIGINT quits it at once.
 * Returns the function that stops watching.
 */
export function watchRunProcess(onGone: (pid: number) => void, opts: { pollMs?: number; graceMs?: number } = {}): () => void {
  const pid = runPid();
  if (pid === null) return () => {};
  let grace: NodeJS.Timeout | undefined;
  const poll = setInterval(() => {
    if (pidAlive(pid)) return;
    clearInterval(poll);
    onGone(pid);
    process.kill(process.pid, 'SIGINT');
    grace = setTimeout(() => process.kill(process.pid, 'SIGINT'), opts.graceMs ?? 10_000);
    grace.unref();
  }, opts.pollMs ?? 500);
  poll.unref();
  return () => {
    clearInterval(poll);
    if (grace) clearTimeout(grace);
  };
}
