/** A missing, corrupt or mismatched artifact. The CLI maps it to exit 1 with this message. */
export class ArtifactError extends Error {
  override readonly name = 'ArtifactError';
  constructor(readonly dir: string, message: string) {
    super(`${dir}: ${message}`);
  }
}

/** A stage that failed for a reason of its own (NaN loss, accuracy below target, ...). */
export class StageError extends Error {
  override readonly name = 'StageError';
}
