import { describe, expect, it } from 'vitest';
import { flagLabel } from './command-help';
import { COMMANDS, main, MAIN_HELP } from './main';

const run = async (argv: string[]) => {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
};
/** The command names the main help lists, one per line under "Commands:". */
const listed = MAIN_HELP.split('Commands:\n')[1]!
  .split('\n\n')[0]!
  .split('\n')
  .map((l) => l.trim().split(' ')[0]!);

describe('genlab main', () => {
  it('lists every command, and each answers --help with its own help', async () => {
    expect(listed).toEqual([
      'run',
      'report',
      'stage',
      'validate',
      'list',
      'verify',
      'schema',
      'bench',
      'cache',
      'setup',
      'ui',
      'compare',
      'submit',
    ]);
    for (const name of listed) {
      const r = await run([name, '--help']);
      expect(r.code, name).toBe(0);
      expect(r.out, name).toContain(`genlab ${name}`);
      expect(r.out, name).not.toContain('Commands:');
    }
  });

  it('an unknown command is a usage error, never a default command', async () => {
    const r = await run(['benchmark']);
    expect(r.code).toBe(2);
    expect(r.err).toContain("unknown command 'benchmark'");
  });

  it("each command's --help has a line for every flag and argument it declares", async () => {
    for (const c of COMMANDS) {
      const { out } = await run([c.name, '--help']);
      for (const [name, f] of Object.entries(c.flags))
        expect(out, `${c.name} --${name}`).toMatch(new RegExp(`^  ${escapeRegExp(flagLabel(name, f))}  `, 'm'));
      for (const a of c.args ?? []) expect(out, `${c.name} ${a.name}`).toMatch(new RegExp(`^  ${escapeRegExp(a.name)}  `, 'm'));
    }
  });

  it('every --flag a help names parses: a flag of that command, or of the genlab command named before it', async () => {
    const byName = new Map(COMMANDS.map((c) => [c.name, c]));
    for (const c of COMMANDS) {
      const { out } = await run([c.name, '--help']);
      for (const m of out.matchAll(/(?<![\w=-])--([a-z][a-z-]*)/g)) {
        // The command named last on the line owns the flag: `genlab run --dry-run` in list's help;
        // sbatch's own options (submit's help) are not ours to check.
        const before = out.slice(out.lastIndexOf('\n', m.index) + 1, m.index);
        const named = [...before.matchAll(/genlab (\w+)|(sbatch) /g)].at(-1);
        if (named?.[2]) continue;
        const owner = (named && byName.get(named[1])) ?? c;
        expect(
          m[1] === 'help' || m[1] in owner.flags,
          `genlab ${c.name} --help names --${m[1]}, which genlab ${owner.name} does not declare`,
        ).toBe(true);
      }
    }
  });

  it("an option a command does not declare is exit 2 naming the option and the command, even another command's", async () => {
    for (const c of COMMANDS) {
      const r = await run([c.name, '--no-such-option']);
      expect(r.code, c.name).toBe(2);
      expect(r.err, c.name).toContain(`unknown option '--no-such-option' for genlab ${c.name}`);
    }
    const r = await run(['run', 'x', '--out', 'docs/x']);
    expect(r.code).toBe(2);
    expect(r.err).toContain("unknown option '--out' for genlab run");
  });
});

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
