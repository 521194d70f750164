import { describe, expect, it } from 'vitest';
import { defineCommand } from './command-declaration';
import { commandHelp, mainHelp } from './command-help';

const example = defineCommand({
  name: 'paint',
  usage: ['paint <wall>', 'paint --undo'],
  summary: 'paint a wall',
  description: 'Paints a wall.',
  args: [{ name: '<wall>', help: 'which wall' }],
  flags: {
    colour: { type: 'string', value: '<name>', default: 'white', help: 'the colour' },
    coats: { type: 'string', help: 'how many coats' },
    undo: { type: 'boolean', short: 'u', help: 'take the last coat off again' },
    brush: {
      type: 'string',
      multiple: true,
      value: '<b>',
      help: 'a brush to use, again and again and again, with words enough to wrap this help onto a second line (repeatable)',
    },
  },
  notes: 'Dry in an hour.',
  run: () => 0,
});

describe('commandHelp', () => {
  const help = commandHelp(example);
  const lines = help.split('\n');

  it('has a line for every argument and flag of the declaration, with its value and default', () => {
    expect(lines.slice(0, 3)).toEqual(['genlab paint <wall> [options]', 'genlab paint --undo', '']);
    expect(lines).toContain('  <wall>            which wall');
    expect(lines).toContain('  --colour <name>   the colour (default white)');
    expect(lines).toContain('  --coats <value>   how many coats');
    expect(lines).toContain('  -u, --undo        take the last coat off again');
    expect(help).toContain('  --brush <b>       a brush to use');
    expect(lines.at(-1)).toBe('Dry in an hour.');
  });

  it('drops a flag from the help only when it is dropped from the declaration', () => {
    const { coats: _dropped, ...fewer } = example.flags;
    const without = commandHelp({ ...example, flags: fewer });
    expect(help).toMatch(/^ {2}--coats /m);
    expect(without).not.toContain('--coats');
    expect(without).toContain('--colour <name>');
  });

  it('wraps long help under its own column, within 100 characters', () => {
    const at = lines.findIndex((l) => l.startsWith('  --brush'));
    expect(lines[at + 1]).toMatch(/^ {20}\S/);
    for (const l of lines.slice(3, -1)) expect(l.length, l).toBeLessThanOrEqual(100);
  });

  it('the main help lists each command by its first usage line and summary', () => {
    expect(mainHelp([example])).toContain('\n  paint <wall>            paint a wall\n');
  });
});
