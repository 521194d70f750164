import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './exit-codes';

/** One flag of a command: how it parses and its line in the command's help. */
export interface FlagDeclaration {
  type: 'boolean' | 'string';
  /** A one-letter alias (`-x`). */
  short?: string;
  /** Repeatable: the value is the list of every occurrence. */
  multiple?: boolean;
  /** What the help calls the value of a string flag, e.g. `<stage>`. */
  value?: string;
  /** The value when the flag is absent: parsed as if given, and shown in the help as "(default ...)". */
  default?: string;
  /** What the flag does, in one line (the help wraps it). */
  help: string;
}

/** A positional argument (or one of the words it may be), with its line in the help. */
export interface ArgumentDeclaration {
  name: string;
  help: string;
}

export type FlagTable = Record<string, FlagDeclaration>;

/** The parsed values of a flag table: booleans, strings, lists for repeatable flags; `help` always. */
export type FlagValues<F extends FlagTable> = {
  [K in keyof F]?: F[K]['type'] extends 'boolean' ? boolean : F[K]['multiple'] extends true ? string[] : string;
} & { help?: boolean };

/** What a command's `run` gets: its parsed command line and where to write. */
export interface CommandContext<F extends FlagTable> {
  command: CommandDeclaration<F>;
  /** The arguments after the command's name, as given. */
  args: string[];
  values: FlagValues<F>;
  positionals: string[];
  /** The workspace root, found from the current folder on first use (`genlab cache` needs none). */
  root: () => string;
  cwd: string | undefined;
  out: (s: string) => void;
  err: (s: string) => void;
  /** Whether `out` is a terminal (coloured output). */
  isTty: boolean;
}

/**
 * One command, declared once: the main help's line (usage, summary), its own help (description,
 * arguments, flags, notes) and the flags it parses all come from here, so a flag cannot parse
 * without help or be in the help without parsing (unjs/citty's `defineCommand`).
 */
export interface CommandDeclaration<F extends FlagTable = FlagTable> {
  name: string;
  /** How it is called without its options, e.g. `run <name>`; a second line for another form. */
  usage: string[];
  /** One line for the main help's command list. */
  summary: string;
  /** Prose between the usage and the argument and flag lines. */
  description: string;
  args?: ArgumentDeclaration[];
  flags: F;
  /** Prose after the flag lines (environment variables, exit codes, ...). */
  notes?: string;
  // A method, so a declaration with its own flags still fits a list of every command.
  run(c: CommandContext<F>): number | Promise<number>;
}

/** Checks a declaration against its own flags' types (`const`: flag types stay literal). */
export function defineCommand<const F extends FlagTable>(c: CommandDeclaration<F>): CommandDeclaration<F> {
  return c;
}

/**
 * Parses a command's arguments with its own flags (plus `--help`/`-h`). An option the command
 * does not declare, or a flag without its value, is a UsageError (exit 2) naming the flag and
 * the command.
 */
export function parseCommand<F extends FlagTable>(
  command: CommandDeclaration<F>,
  args: string[],
): { values: FlagValues<F>; positionals: string[] } {
  const options: NonNullable<ParseArgsConfig['options']> = { help: { type: 'boolean', short: 'h' } };
  // parseArgs rejects a key set to undefined, so only the ones declared.
  for (const [name, { type, short, multiple, default: value }] of Object.entries(command.flags))
    options[name] = { type, ...(short && { short }), ...(multiple && { multiple }), ...(value !== undefined && { default: value }) };
  try {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options });
    return { values: values as FlagValues<F>, positionals };
  } catch (err) {
    const e = err as Error & { code?: string };
    if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const flag = /'(-[^']*)'/.exec(e.message)?.[1] ?? e.message;
      const known = Object.keys(command.flags).map((f) => `--${f}`);
      throw new UsageError(
        `unknown option '${flag}' for genlab ${command.name} (${known.length ? `its options: ${known.join(', ')}` : 'it takes no options'})`,
      );
    }
    throw new UsageError(`${e.message.replace(/\.$/, '')} for genlab ${command.name}`);
  }
}

/** The positionals when there are between `min` and `max` of them; else the command's usage (exit 2). */
export function positionalsOf<F extends FlagTable>(c: CommandContext<F>, min: number, max = min): string[] {
  if (c.positionals.length < min || c.positionals.length > max)
    throw new UsageError(`usage: ${c.command.usage.map((u) => `genlab ${u}`).join(' | ')} (see genlab ${c.command.name} --help)`);
  return c.positionals;
}
