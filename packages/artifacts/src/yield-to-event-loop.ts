let lastYield = 0;

/**
 * Lets pending signal handlers and timers run. Node dispatches SIGINT/SIGTERM handlers and
 * setInterval callbacks (the watch on `genlab run`'s pid) only from the event loop, which a
 * compute loop of synchronous tfjs steps never reaches: without this, a paper-GAN epoch
 * (minutes) would pass before Ctrl-C is seen. Throttled to once per `everyMs`, so a fast loop
 * pays a few microseconds per step at most.
 */
export async function yieldToEventLoop(everyMs = 50): Promise<void> {
  const now = Date.now();
  if (now - lastYield < everyMs) return;
  lastYield = now;
  await new Promise<void>((resolve) => setImmediate(resolve));
}
