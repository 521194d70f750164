import { describe, expect, it } from 'vitest';
import { markReplayedJson, ReplayMarker } from './replay-marker';

describe('ReplayMarker', () => {
  it("marks a cached task's output as replayed until the next header or Nx's summary", () => {
    const m = new ReplayMarker();
    const lines = [
      '> nx run a:data  \x1b[2m[local cache]\x1b[22m',
      '{"level":30,"msg":"running data: no previous artifact"}',
      '> nx run a:train',
      '{"level":30,"msg":"running train: no previous artifact"}',
      '> nx run a:sample  [existing outputs match the cache, left as is]',
      'genlab: wrote artifacts/a/default/sample',
      '———————————————',
      ' NX   Successfully ran target sample for project a',
    ];
    expect(lines.map((l) => m.replayed(l))).toEqual([false, true, false, false, false, true, false, false]);
    expect(JSON.parse(markReplayedJson('{"level":30,"msg":"x"}'))).toEqual({ level: 30, msg: 'x', replayed: true });
  });
});
