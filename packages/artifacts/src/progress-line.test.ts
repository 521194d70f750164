import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { fitWidth, ProgressLine, progressMode, writeAboveProgress } from './progress-line';
import { Progress } from './progress';

function capture(columns?: number) {
  const chunks: string[] = [];
  const stream = Object.assign(new Writable({ write: (c, _e, cb) => (chunks.push(String(c)), cb()) }), { columns });
  return { chunks, stream, text: () => chunks.join('') };
}

describe('ProgressLine', () => {
  it('on a terminal redraws one line in place, cut to the width, and ends it with a newline', () => {
    const out = capture(20);
    const line = new ProgressLine({ log: pino({ level: 'silent' }), mode: 'tty', stream: out.stream });
    line.show('features 10/100 images and more text', {}, true);
    line.show('features 20/100', {}); // within the redraw interval: skipped
    line.show('features 100/100', {}, true);
    line.end();
    expect(out.chunks).toEqual(['\rfeatures 10/100 im…\x1b[K', '\rfeatures 100/100\x1b[K', '\n']);
  });

  it('on a terminal, log lines go above the live line, which is drawn again below them', () => {
    const out = capture();
    const line = new ProgressLine({ log: pino({ level: 'silent' }), mode: 'tty', stream: out.stream });
    line.show('evaluator 50/200 images', {}, true);
    writeAboveProgress('INFO: epoch 1\n', out.stream);
    line.end();
    writeAboveProgress('INFO: done\n', out.stream);
    expect(out.text()).toBe('\revaluator 50/200 images\x1b[K\r\x1b[KINFO: epoch 1\nevaluator 50/200 images\x1b[K\nINFO: done\n');
  });

  it('for genlab run writes one JSON object per redraw and a null at the end', () => {
    const out = capture();
    const line = new ProgressLine({ log: pino({ level: 'silent' }), mode: 'live', stream: out.stream });
    line.show('UMAP 5/200 epochs', {}, true);
    line.end();
    line.end(); // ending twice writes nothing more
    expect(out.text().split('\n').filter(Boolean).map((l) => JSON.parse(l))).toEqual([{ progress: 'UMAP 5/200 epochs' }, { progress: null }]);
  });

  it('elsewhere logs (only forced lines inside the interval) and draws nothing', () => {
    const out = capture();
    const logged = capture();
    const line = new ProgressLine({ log: pino({ level: 'info' }, logged.stream), mode: 'log', stream: out.stream, logEverySec: 60 });
    line.show('sample 1/3', { done: 1 });
    line.show('sample 3/3', { done: 3 }, true);
    line.end();
    expect(out.chunks).toEqual([]);
    expect(logged.chunks.map((c) => JSON.parse(c))).toMatchObject([{ msg: 'sample 3/3', progress: { done: 3 } }]);
  });

  it('is live when genlab run asks, else follows the terminal', () => {
    expect([progressMode({ GENLAB_PROGRESS: 'live' }, false), progressMode({ GENLAB_PROGRESS: 'log' }, true), progressMode({}, true), progressMode({}, false)]).toEqual(['live', 'log', 'tty', 'log']);
    expect(fitWidth('abc', undefined)).toBe('abc');
  });
});

describe('Progress', () => {
  it('counts, and its last line says how long the whole took', () => {
    const out = capture();
    const p = new Progress({ label: 'features', total: 4, unit: 'images', log: pino({ level: 'silent' }), mode: 'live', stream: out.stream });
    p.update(1);
    p.update(2);
    p.end();
    const lines = out.text().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { progress: string | null });
    expect(lines[0].progress).toMatch(/^features 1\/4 images ([\d.]+|\?) images\/s ETA \S+$/);
    expect(lines[lines.length - 2].progress).toMatch(/^features 2\/4 images /);
    expect(lines[lines.length - 1].progress).toBeNull();
  });
});
