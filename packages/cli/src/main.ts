import { parseCommand, type CommandDeclaration, type FlagTable } from './command-declaration';
import { commandHelp, mainHelp } from './command-help';
import { reportError, UsageError } from './exit-codes';
import { findWorkspaceRoot } from './workspace-root';
import { withRunEnvironment } from './run-environment';
import { VALIDATE_DECLARATION } from './commands/validate-command';
import { STAGE_DECLARATION } from './commands/stage-command';
import { REPORT_DECLARATION, RUN_DECLARATION } from './commands/run-command';
import { LIST_DECLARATION } from './commands/list-command';
import { SCHEMA_DECLARATION } from './commands/schema-command';
import { BENCH_DECLARATION } from './commands/bench-command';
import { CACHE_DECLARATION } from './commands/cache-command';
import { VERIFY_DECLARATION } from './commands/verify-command';
import { SETUP_DECLARATION } from './commands/setup-command';
import { SUBMIT_DECLARATION } from './commands/submit-command';
import { COMPARE_DECLARATION } from './commands/compare-command';
import { UI_DECLARATION } from './commands/ui-command';

/**
 * Every command, in the main help's order. Each declares its usage, help and flags in one place
 * (command-declaration.ts); the help texts and the parsing are built from these.
 */
export const COMMANDS: readonly CommandDeclaration<FlagTable>[] = [
  RUN_DECLARATION,
  REPORT_DECLARATION,
  STAGE_DECLARATION,
  VALIDATE_DECLARATION,
  LIST_DECLARATION,
  VERIFY_DECLARATION,
  SCHEMA_DECLARATION,
  BENCH_DECLARATION,
  CACHE_DECLARATION,
  SETUP_DECLARATION,
  UI_DECLARATION,
  COMPARE_DECLARATION,
  SUBMIT_DECLARATION,
];

export const MAIN_HELP = mainHelp(COMMANDS);

export interface MainIo {
  cwd?: string;
  out?: (s: string) => void;
  err?: (s: string) => void;
  /** Whether `out` is a terminal (coloured compare deltas); defaults to stdout's. */
  isTty?: boolean;
}

/** Runs one command and returns its exit code; `io` lets tests run it in-process. */
export async function main(argv: string[], io: MainIo = {}): Promise<number> {
  const out = io.out ?? ((s: string) => void process.stdout.write(s));
  const err = io.err ?? ((s: string) => void process.stderr.write(s));
  try {
    const [command, ...rest] = argv;
    if (!command || command === '--help' || command === '-h' || command === 'help') {
      out(`${MAIN_HELP}\n`);
      return command ? 0 : 2;
    }
    const declaration = COMMANDS.find((c) => c.name === command);
    if (!declaration) throw new UsageError(`unknown command '${command}'`);
    const { values, positionals } = parseCommand(declaration, rest);
    if (values.help) {
      out(`${commandHelp(declaration)}\n`);
      return 0;
    }
    let root: string | undefined;
    const context = {
      command: declaration,
      args: rest,
      values,
      positionals,
      root: () => (root ??= findWorkspaceRoot(io.cwd)),
      cwd: io.cwd,
      out,
      err,
      isTty: io.isTty ?? (io.out === undefined && Boolean(process.stdout.isTTY)),
    };
    return await withRunEnvironment(command, { noWait: Boolean(values['no-wait']) }, async () => declaration.run(context));
  } catch (e) {
    return reportError(e, io.err);
  }
}
