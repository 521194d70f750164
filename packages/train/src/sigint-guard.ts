/** The signals that ask training to stop: Ctrl-C, SIGTERM from a process manager or `kill`, a closed terminal. */
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * While training runs, the first Ctrl-C (or SIGTERM) asks the loop to stop at the next step
 * boundary (the last checkpoint stays in the stage's workDir) instead of killing the process
 * mid-write. The listeners already installed for those signals (e.g. the stage runner's
 * temp-folder and lock cleanup, which exits) are set aside meanwhile and restored afterwards; a
 * second signal restores them and re-raises itself, so it still quits at once. Returns the
 * function that uninstalls the guard.
 */
export function guardSigint(onInterrupt: () => void): () => void {
  const saved = Object.fromEntries(SIGNALS.map((s) => [s, process.rawListeners(s) as ((...args: unknown[]) => void)[]]));
  let count = 0;
  const handlers = Object.fromEntries(
    SIGNALS.map((sig) => [
      sig,
      () => {
        count += 1;
        if (count === 1) return onInterrupt();
        restore();
        process.kill(process.pid, sig);
      },
    ]),
  );
  const restore = () => {
    for (const sig of SIGNALS) {
      process.removeListener(sig, handlers[sig]);
      for (const l of saved[sig]) if (!process.rawListeners(sig).includes(l)) process.on(sig, l);
    }
  };
  for (const sig of SIGNALS) {
    process.removeAllListeners(sig);
    process.on(sig, handlers[sig]);
  }
  return restore;
}
