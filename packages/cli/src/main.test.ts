import { describe, expect, it } from 'vitest';
import { main, MAIN_HELP } from './main';

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
});
