import { ImportedSamplesError, SpecError, formatIssue } from '@genlab/spec';

/** Exit codes: only the CLI chooses them; libraries throw typed errors (docs/conventions.md). */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_BAD_INPUT = 2;

/** A bad command line (unknown flag, missing argument): exit 2, like bad YAML. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Prints an error the way a user needs it and returns the exit code for it. */
export function reportError(err: unknown, write: (s: string) => void = (s) => process.stderr.write(s)): number {
  if (err instanceof SpecError) {
    write(`genlab: ${err.issues.length} problem(s) in the spec:\n${err.issues.map((i) => `  ${formatIssue(i)}`).join('\n')}\n`);
    return EXIT_BAD_INPUT;
  }
  if (err instanceof ImportedSamplesError) {
    write(`genlab: imported samples: ${err.message}\n`);
    return EXIT_BAD_INPUT;
  }
  if (err instanceof UsageError) {
    write(`genlab: ${err.message}\n(see genlab --help)\n`);
    return EXIT_BAD_INPUT;
  }
  const e = err as Error;
  write(`genlab: ${e.name === 'Error' ? '' : `${e.name}: `}${e.message}\n`);
  if (process.env.GENLAB_DEBUG) write(`${e.stack}\n`);
  return EXIT_FAILURE;
}
