import type { CommandDeclaration, FlagDeclaration, FlagTable } from './command-declaration';

/** Help lines wrap at this many characters. */
const WIDTH = 100;

/** `-h, --name <value>`: how a flag is written in the help. */
export function flagLabel(name: string, f: FlagDeclaration): string {
  const value = f.type === 'string' ? ` ${f.value ?? '<value>'}` : '';
  return `${f.short ? `-${f.short}, ` : ''}--${name}${value}`;
}

/**
 * `genlab <command> --help`, built from the command's declaration: the usage lines, the
 * description, one line per argument and flag (help wrapped beside the label), then the notes.
 */
export function commandHelp<F extends FlagTable>(c: CommandDeclaration<F>): string {
  const flags = Object.entries(c.flags);
  const usage = c.usage.map((u, i) => `genlab ${u}${i === 0 && flags.length > 0 ? ' [options]' : ''}`);
  const rows: [string, string][] = [
    ...(c.args ?? []).map((a): [string, string] => [a.name, a.help]),
    ...flags.map(([name, f]): [string, string] => [
      flagLabel(name, f),
      f.default === undefined ? f.help : `${f.help} (default ${f.default})`,
    ]),
  ];
  const labelWidth = Math.max(0, ...rows.map(([label]) => label.length));
  const table = rows.map(([label, help]) => beside(label.padEnd(labelWidth), help));
  return [...usage, '', c.description, ...table, ...(c.notes ? [c.notes] : [])].join('\n');
}

/** `genlab --help`: every command's usage and summary. */
export function mainHelp(commands: readonly CommandDeclaration<FlagTable>[]): string {
  return `genlab: generative-model experiments from YAML, as a cached Nx pipeline

Usage: genlab <command> [options]

Commands:
${commands.map((c) => `  ${c.usage[0].padEnd(24)}${c.summary}`).join('\n')}

Run 'genlab <command> --help' for a command's options.
Exit codes: 0 ok, 1 failure, 2 bad input (spec or command line).`;
}

/** `  <label>   <help>`, the help's words wrapped at WIDTH and indented under its first line. */
function beside(label: string, help: string): string {
  const indent = ' '.repeat(2 + label.length + 3);
  const lines: string[] = [];
  let line = `  ${label}   `;
  for (const word of help.split(/\s+/).filter(Boolean)) {
    const fresh = line.length === indent.length;
    if (!fresh && line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = indent;
    }
    line += line.length === indent.length ? word : ` ${word}`;
  }
  lines.push(line);
  return lines.join('\n');
}
