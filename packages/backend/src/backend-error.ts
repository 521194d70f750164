/** Thrown when a backend cannot be chosen or initialised, or a kernel gets inputs it does not support. */
export class BackendError extends Error {
  override readonly name = 'BackendError';
}

/** tfjs-style invariant check that throws a typed BackendError with a lazily built message. */
export function assertBackend(cond: boolean, message: () => string): asserts cond {
  if (!cond) throw new BackendError(message());
}
