import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './exit-codes';

/** node:util parseArgs with positionals allowed; a bad flag is a UsageError (exit 2), not a crash. */
export function parseCommandLine<T>(
  args: string[],
  options: NonNullable<ParseArgsConfig['options']>,
): { values: T; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options });
    return { values: values as T, positionals };
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}
