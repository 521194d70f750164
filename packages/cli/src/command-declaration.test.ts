import { describe, expect, it } from 'vitest';
import { defineCommand, parseCommand } from './command-declaration';
import { UsageError } from './exit-codes';

const paint = defineCommand({
  name: 'paint',
  usage: ['paint <wall>'],
  summary: 'paint a wall',
  description: 'Paints a wall.',
  flags: {
    colour: { type: 'string', default: 'white', help: 'the colour' },
    undo: { type: 'boolean', short: 'u', help: 'take the last coat off again' },
    brush: { type: 'string', multiple: true, help: 'a brush (repeatable)' },
  },
  run: () => 0,
});

describe('parseCommand', () => {
  it('parses exactly the declared flags: defaults, short forms, repeats, and --help', () => {
    expect(parseCommand(paint, ['hall', '-u', '--brush', 'a', '--brush=b'])).toEqual({
      values: { colour: 'white', undo: true, brush: ['a', 'b'] },
      positionals: ['hall'],
    });
    expect(parseCommand(paint, ['--colour', 'red', '-h']).values).toEqual({ colour: 'red', help: true });
  });

  it('an option the command does not declare is a usage error naming the option and the command', () => {
    for (const [args, flag] of [
      [['hall', '--glossy'], '--glossy'],
      [['-x'], '-x'],
    ] as const) {
      const err = (() => {
        try {
          parseCommand(paint, [...args]);
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(UsageError);
      expect((err as Error).message).toBe(`unknown option '${flag}' for genlab paint (its options: --colour, --undo, --brush)`);
    }
  });

  it('a string flag without its value is a usage error naming the command', () => {
    expect(() => parseCommand(paint, ['--colour'])).toThrow(/'--colour <value>' argument missing for genlab paint/);
  });
});
