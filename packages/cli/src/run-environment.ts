import { NO_WAIT_ENV, RUN_PID_ENV, RUN_STARTED_ENV } from '@genlab/artifacts';

/** Commands that start stages (directly, or through Nx, whose tasks inherit our environment). */
const STARTS_STAGES = new Set(['run', 'report', 'stage']);

/**
 * Runs a command with the environment its stages read: GENLAB_NO_WAIT (--no-wait), and for the
 * Nx commands GENLAB_RUN_PID / GENLAB_RUN_STARTED, so a stage stops when this process is gone
 * (even when Nx ran it in a session of its own) and knows which artifacts a concurrent run built
 * meanwhile. The previous values are put back afterwards (tests call main() in-process).
 */
export async function withRunEnvironment<T>(command: string, opts: { noWait: boolean }, fn: () => Promise<T>): Promise<T> {
  if (!STARTS_STAGES.has(command)) return fn();
  const set: Record<string, string | undefined> = { [NO_WAIT_ENV]: opts.noWait ? '1' : process.env[NO_WAIT_ENV] };
  if (command !== 'stage') {
    set[RUN_PID_ENV] = String(process.pid);
    set[RUN_STARTED_ENV] = String(Date.now());
  }
  const saved = Object.fromEntries(Object.keys(set).map((k) => [k, process.env[k]]));
  const assign = (vars: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(vars)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  assign(set);
  try {
    return await fn();
  } finally {
    assign(saved);
  }
}
