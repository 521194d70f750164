/**
 * While training runs, the first Ctrl-C asks the loop to stop at the next step boundary (the
 * last checkpoint stays in the stage's workDir) instead of killing the process mid-write. The
 * SIGINT listeners already installed (e.g. the stage runner's temp-folder cleanup, which exits)
 * are set aside meanwhile and restored afterwards; a second Ctrl-C restores them and re-raises
 * the signal, so it still quits at once. Returns the function that uninstalls the guard.
 */
export function guardSigint(onInterrupt: () => void): () => void {
  const saved = process.rawListeners('SIGINT') as ((...args: unknown[]) => void)[];
  let count = 0;
  const restore = () => {
    process.removeListener('SIGINT', handler);
    for (const l of saved) if (!process.rawListeners('SIGINT').includes(l)) process.on('SIGINT', l);
  };
  const handler = () => {
    count += 1;
    if (count === 1) return onInterrupt();
    restore();
    process.kill(process.pid, 'SIGINT');
  };
  process.removeAllListeners('SIGINT');
  process.on('SIGINT', handler);
  return restore;
}
