import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { TrainProgress, formatDuration } from './train-progress';

function capture() {
  const chunks: string[] = [];
  const stream = new Writable({ write: (c, _e, cb) => (chunks.push(String(c)), cb()) });
  return { chunks, stream };
}
const row = { epoch: 1, step: 4, steps: 4, seconds: 2, imagesPerSec: 60, dLoss: 0.69, gLoss: 0.7 };

describe('TrainProgress', () => {
  it('on a TTY rewrites one stderr line, and logs one row per epoch', () => {
    const out = capture();
    const logged = capture();
    const log = pino({ level: 'info' }, logged.stream);
    const p = new TrainProgress({ epochs: 3, stepsPerEpoch: 4, batchSize: 32, log, mode: 'tty', stream: out.stream });
    p.step(1, 1, { dLoss: 0.5, gLoss: 1.25 }, 11);
    p.epoch(row as never, ['dLoss', 'gLoss']);
    p.done();
    expect(out.chunks[0]).toMatch(/^\repoch 1\/3 step 1\/4 dLoss 0\.5000 gLoss 1\.2500 ([\d.]+|\?) img\/s ETA \S+\x1b\[K$/);
    expect(out.chunks[out.chunks.length - 1]).toBe('\n');
    expect(logged.chunks.map((c) => JSON.parse(c).msg)).toEqual(['epoch 1/3: dLoss 0.6900, gLoss 0.7000; 60.0 images/s, 2.0 s']);
  });

  it('elsewhere logs one line per epoch', () => {
    const out = capture();
    const logged = capture();
    const p = new TrainProgress({
      epochs: 3,
      stepsPerEpoch: 4,
      batchSize: 32,
      log: pino({ level: 'info' }, logged.stream),
      mode: 'log',
      stream: out.stream,
    });
    p.step(1, 1, { dLoss: 0.5 }, 11);
    p.epoch(row as never, ['dLoss', 'gLoss']);
    p.done();
    expect(out.chunks).toEqual([]);
    expect(logged.chunks).toHaveLength(1);
    expect(JSON.parse(logged.chunks[0]).msg).toBe('epoch 1/3: dLoss 0.6900, gLoss 0.7000; 60.0 images/s, 2.0 s');
  });

  it('formats durations', () => {
    expect([formatDuration(5), formatDuration(125), formatDuration(3 * 3600 + 60), formatDuration(Infinity)]).toEqual([
      '5s',
      '2m05s',
      '3h01m',
      '?',
    ]);
  });
});
