const cleanups = new Set<() => void>();
let hooked = false;

/**
 * Runs `fn` if the process exits or is interrupted (SIGINT/SIGTERM/SIGHUP: then it exits 130/143/129) before
 * the returned function is called. Temp folders and stage locks use it so an interrupted stage
 * leaves neither behind; kill -9 cannot be caught, which is why both also detect dead owners.
 */
export function onExitCleanup(fn: () => void): () => void {
  hook();
  cleanups.add(fn);
  return () => void cleanups.delete(fn);
}

function runAll(): void {
  for (const fn of [...cleanups]) {
    cleanups.delete(fn);
    try {
      fn();
    } catch {
      // Best effort while exiting: one failed cleanup must not keep the others from running.
    }
  }
}

function hook(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', runAll);
  const codes = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      runAll();
      process.exit(codes[sig]);
    });
  }
}
