import { describe, expect, it } from 'vitest';
import { formatSlurmTime, parseSlurmTime, timeLimitFor } from './slurm-time';

describe('Slurm time limits', () => {
  it('formats seconds as HH:MM:SS, and D-HH:MM:SS from a day on', () => {
    expect(formatSlurmTime(59)).toBe('00:00:59');
    expect(formatSlurmTime(2 * 3600 + 5 * 60)).toBe('02:05:00');
    expect(formatSlurmTime(86400 + 3661)).toBe('1-01:01:01');
  });

  it('parses what it formats, and refuses anything else naming the flag', () => {
    for (const s of [60, 9000, 86400 + 3661]) expect(parseSlurmTime(formatSlurmTime(s))).toBe(s);
    for (const bad of ['90', '1:5:00', '01:60:00', 'two hours', '00:00:00']) expect(() => parseSlurmTime(bad), bad).toThrow(/--time/);
  });

  it('sizes a limit from an estimate: twice it plus 10 minutes, at least 15, in 5-minute steps', () => {
    expect(timeLimitFor(0)).toBe(15 * 60);
    expect(timeLimitFor(60)).toBe(15 * 60);
    // 2 x 1000 + 600 = 2600 s, up to 2700
    expect(timeLimitFor(1000)).toBe(2700);
    expect(timeLimitFor(3600)).toBe(2 * 3600 + 600);
  });
});
