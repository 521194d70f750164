import { parseCommandLine } from './parse-command-line';
import type { Stage } from '@genlab/spec';
import { reportError, UsageError } from './exit-codes';
import { findWorkspaceRoot } from './workspace-root';
import { VALIDATE_HELP, validateCommand } from './commands/validate-command';
import { STAGE_HELP, stageCommand } from './commands/stage-command';
import { REPORT_HELP, RUN_HELP, reportCommand, runCommand } from './commands/run-command';
import { LIST_HELP, listCommand } from './commands/list-command';
import { DRY_RUN_HELP, dryRunCommand } from './commands/dry-run-command';
import { SCHEMA_HELP, schemaCommand } from './commands/schema-command';
import { BENCH_HELP, benchCommand } from './commands/bench-command';
import { CACHE_HELP, cacheCommand } from './commands/cache-command';
import { VERIFY_HELP, verifyCommand } from './commands/verify-command';
import { SETUP_HELP, setupCommand } from './commands/setup-command';
import { SUBMIT_HELP, submitCommand } from './commands/submit-command';
import { withRunEnvironment } from './run-environment';
import { COMPARE_HELP, compareCommand } from './commands/compare-command';
import { UI_HELP, uiCommand } from './commands/ui-command';

/** Every command: how it is called and its one-line summary (the main help), and its full help (`--help`). */
const COMMANDS: { name: string; usage: string; summary: string; help: string }[] = [
  {
    name: 'run',
    usage: 'run <name>',
    summary: 'run an experiment, evaluator or report through Nx (cached stages are restored)',
    help: `${RUN_HELP}\n${DRY_RUN_HELP}`,
  },
  {
    name: 'report',
    usage: 'report <name>',
    summary: 'build a report; --frozen never runs upstream stages; --out publishes it',
    help: `${REPORT_HELP}\n${DRY_RUN_HELP}`,
  },
  { name: 'stage', usage: 'stage <stage> <name>', summary: 'run one stage directly (what each Nx target executes)', help: STAGE_HELP },
  { name: 'validate', usage: 'validate [file...]', summary: 'check spec files; every problem as file:line:col', help: VALIDATE_HELP },
  {
    name: 'list',
    usage: 'list [name]',
    summary: 'experiments, variants, reports, which stages are done and why the rest would run',
    help: LIST_HELP,
  },
  {
    name: 'verify',
    usage: 'verify [name]',
    summary: "check every artifact's files against the SHA-256 in its manifest",
    help: VERIFY_HELP,
  },
  { name: 'schema', usage: 'schema [kind]', summary: 'print the JSON Schema of experiment|evaluator|report specs', help: SCHEMA_HELP },
  { name: 'bench', usage: 'bench', summary: 'training and evaluation throughput on each backend that loads', help: BENCH_HELP },
  {
    name: 'cache',
    usage: 'cache serve',
    summary: "serve the remote stage cache that machines share (Nx's self-hosted protocol)",
    help: CACHE_HELP,
  },
  {
    name: 'setup',
    usage: 'setup gpu|tensorflow',
    summary: 'install the pinned TensorFlow binding and verify it here before auto uses it',
    help: SETUP_HELP,
  },
  { name: 'ui', usage: 'ui', summary: 'a local web app over artifacts/: runs, live training, compare, reports', help: UI_HELP },
  {
    name: 'compare',
    usage: 'compare <name>...',
    summary: 'key metrics of runs side by side, with deltas against a baseline',
    help: COMPARE_HELP,
  },
  {
    name: 'submit',
    usage: 'submit <name> --slurm',
    summary: 'run a sweep on a Slurm cluster: an array job over its shards, then the report',
    help: SUBMIT_HELP,
  },
];

export const MAIN_HELP = `genlab: generative-model experiments from YAML, as a cached Nx pipeline

Usage: genlab <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.usage.padEnd(24)}${c.summary}`).join('\n')}

Run 'genlab <command> --help' for a command's options.
Exit codes: 0 ok, 1 failure, 2 bad input (spec or command line).`;

const HELP: Record<string, string> = Object.fromEntries(COMMANDS.map((c) => [c.name, c.help]));

export interface MainIo {
  cwd?: string;
  out?: (s: string) => void;
  err?: (s: string) => void;
  /** Whether `out` is a terminal (coloured compare deltas); defaults to stdout's. */
  isTty?: boolean;
}

let out: (s: string) => void = (s) => void process.stdout.write(s);
let errOut: (s: string) => void = (s) => void process.stderr.write(s);
let outIsTty = false;

/** Runs one command and returns its exit code; `io` lets tests run it in-process. */
export async function main(argv: string[], io: MainIo = {}): Promise<number> {
  out = io.out ?? ((s: string) => void process.stdout.write(s));
  errOut = io.err ?? ((s: string) => void process.stderr.write(s));
  outIsTty = io.isTty ?? (io.out === undefined && Boolean(process.stdout.isTTY));
  try {
    const [command, ...rest] = argv;
    if (!command || command === '--help' || command === '-h' || command === 'help') {
      out(`${MAIN_HELP}\n`);
      return command ? 0 : 2;
    }
    if (!(command in HELP)) throw new UsageError(`unknown command '${command}'`);
    // The cache server needs no workspace and has options of its own.
    if (command === 'cache') return await cacheCommand(rest, out);
    if (command === 'ui') return await uiCommand(findWorkspaceRoot(io.cwd), rest, out, errOut);
    // So does submit (a repeatable --sbatch-arg); it starts no stage.
    if (command === 'submit') return await submitCommand(rest, io.cwd, out);
    const { values, positionals } = parse(rest);
    if (values.help) {
      out(`${HELP[command]}\n`);
      return 0;
    }
    if (values.out !== undefined && command !== 'report') throw new UsageError('--out applies to genlab report only');
    return await withRunEnvironment(command, { noWait: Boolean(values['no-wait']) }, () =>
      dispatch(findWorkspaceRoot(io.cwd), command, positionals, values),
    );
  } catch (err) {
    return reportError(err, io.err);
  }
}

type Flags = {
  help?: boolean;
  log?: string;
  metrics?: boolean;
  json?: boolean;
  variant?: string;
  until?: string;
  frozen?: boolean;
  quick?: boolean;
  cpu?: boolean;
  out?: string;
  shard?: string;
  'dry-run'?: boolean;
  'no-wait'?: boolean;
  baseline?: string;
  rev?: string;
};

function parse(args: string[]): { values: Flags; positionals: string[] } {
  return parseCommandLine<Flags>(args, {
    help: { type: 'boolean', short: 'h' },
    variant: { type: 'string' },
    log: { type: 'string' },
    metrics: { type: 'boolean' },
    json: { type: 'boolean' },
    shard: { type: 'string' },
    until: { type: 'string' },
    frozen: { type: 'boolean' },
    out: { type: 'string' },
    quick: { type: 'boolean' },
    cpu: { type: 'boolean' },
    'dry-run': { type: 'boolean' },
    'no-wait': { type: 'boolean' },
    baseline: { type: 'string' },
    rev: { type: 'string' },
  });
}

async function dispatch(root: string, command: string, pos: string[], flags: Flags): Promise<number> {
  const need = (n: number, usage: string) => {
    if (pos.length !== n) throw new UsageError(`usage: genlab ${usage}`);
  };
  switch (command) {
    case 'validate':
      return validateCommand(root, pos, out);
    case 'stage':
      need(2, 'stage <stage> <name> [--variant v]');
      return stageCommand(root, pos[0] as Stage, pos[1], flags.variant);
    case 'run':
      need(1, 'run <name> [--until stage] [--variant v | --shard i/n] [--dry-run]');
      if (flags['dry-run']) return dryRunCommand(root, pos[0], flags, out, errOut);
      return runCommand(root, pos[0], flags, out, errOut);
    case 'report':
      need(1, 'report <name> [--frozen] [--out dir] [--dry-run]');
      if (flags['dry-run']) return dryRunCommand(root, pos[0], { reportOnly: true }, out, errOut);
      return reportCommand(root, pos[0], Boolean(flags.frozen), out, flags.out, errOut, flags.log);
    case 'list':
      if (pos.length > 1) throw new UsageError('usage: genlab list [name] [--metrics] [--json]');
      return listCommand(root, out, { name: pos[0], metrics: flags.metrics, json: flags.json });
    case 'schema':
      return schemaCommand(pos[0] ?? 'experiment', out);
    case 'verify':
      if (pos.length > 1) throw new UsageError('usage: genlab verify [name]');
      return verifyCommand(root, pos[0], out, errOut);
    case 'setup':
      need(1, 'setup gpu | genlab setup tensorflow');
      return setupCommand(root, pos[0], out);
    case 'compare':
      return compareCommand(root, pos, flags, out, outIsTty);
    case 'bench':
      return benchCommand(root, Boolean(flags.quick), Boolean(flags.cpu), out);
    default:
      // main() checks the name against COMMANDS first; a command listed there but not here lands here.
      throw new UsageError(`unknown command '${command}'`);
  }
}
