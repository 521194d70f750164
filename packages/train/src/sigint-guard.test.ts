import { describe, expect, it } from 'vitest';
import { guardSigint } from './sigint-guard';

describe('guardSigint', () => {
  it('replaces the SIGINT listeners while active and restores them afterwards', () => {
    let original = 0;
    const listener = () => (original += 1);
    process.on('SIGINT', listener);
    const before = process.rawListeners('SIGINT');
    let interrupted = 0;
    const unguard = guardSigint(() => (interrupted += 1));
    process.emit('SIGINT');
    expect(interrupted).toBe(1);
    expect(original).toBe(0);
    unguard();
    expect(process.rawListeners('SIGINT')).toEqual(before);
    process.emit('SIGINT');
    expect(original).toBe(1);
    process.removeListener('SIGINT', listener);
  });

  it('treats SIGTERM like Ctrl-C: the first asks to stop, the listeners come back afterwards', () => {
    let original = 0;
    const listener = () => (original += 1);
    process.on('SIGTERM', listener);
    const before = process.rawListeners('SIGTERM');
    let interrupted = 0;
    const unguard = guardSigint(() => (interrupted += 1));
    process.emit('SIGTERM');
    expect(interrupted).toBe(1);
    expect(original).toBe(0);
    unguard();
    expect(process.rawListeners('SIGTERM')).toEqual(before);
    process.emit('SIGTERM');
    expect(original).toBe(1);
    process.removeListener('SIGTERM', listener);
  });
});
