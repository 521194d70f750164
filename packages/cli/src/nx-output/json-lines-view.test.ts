import { describe, expect, it } from 'vitest';
import { toJsonLine } from './json-lines-view';

describe('toJsonLine', () => {
  it('passes JSON objects through and wraps everything else, dropping blank lines', () => {
    const log = '{"level":30,"time":1,"msg":"x"}';
    expect(toJsonLine(log)).toBe(log);
    expect(JSON.parse(toJsonLine('\x1b[1m NX \x1b[22m  Successfully ran target  ', 7)!)).toEqual({
      level: 30,
      time: 7,
      plain: true,
      msg: ' NX   Successfully ran target',
    });
    expect(JSON.parse(toJsonLine('[1, 2]', 7)!).msg).toBe('[1, 2]');
    expect(toJsonLine('  ')).toBeNull();
    expect([toJsonLine('{"progress":"epoch 1/2 step 3/9"}'), toJsonLine('{"progress":null}')]).toEqual([null, null]);
  });
});
