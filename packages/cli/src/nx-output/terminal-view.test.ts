import { describe, expect, it } from 'vitest';
import { TerminalView } from './terminal-view';

const strip = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, ''); // colours only; \r and \x1b[K stay

function view(columns?: number) {
  let out = '';
  return { v: new TerminalView({ write: (s: string) => (out += s), columns }), out: () => strip(out) };
}

describe('TerminalView', () => {
  it('redraws progress in place, prints log lines above it and keeps the last state', () => {
    const { v, out } = view(30);
    v.line('> nx run zz:train');
    v.line('{"progress":"epoch 1/1 step 1/200"}');
    v.line('{"progress":"epoch 1/1 step 9/200 and a long tail"}');
    v.line('{"level":30,"time":0,"name":"zz","variant":"default","stage":"train","msg":"epoch 1/1: dLoss 0.5","dLoss":0.5}');
    v.line('{"progress":null}');
    v.line('genlab: wrote it');
    v.end();
    expect(out()).toMatch(
      /^> nx run zz:train\n\repoch 1\/1 step 1\/200\x1b\[K\repoch 1\/1 step 9\/200 and a l…\x1b\[K\r\x1b\[K\[\d\d:\d\d:\d\d\] INFO: zz\/default train: epoch 1\/1: dLoss 0\.5\nepoch 1\/1 step 9\/200 and a l…\x1b\[K\ngenlab: wrote it\n$/,
    );
  });

  it('keeps the fields of warnings and errors (an error stack), not of info lines', () => {
    const { v, out } = view();
    v.line('{"level":30,"time":0,"msg":"fine","imagesPerSec":61.2}');
    v.line('{"level":50,"time":0,"msg":"train failed: boom","err":{"message":"boom","stack":"Error: boom at x"}}');
    expect(out()).toMatch(/INFO: fine\n.*ERROR: train failed: boom\s*\n\s+err: \{[^]*Error: boom at x[^]*\}\n$/);
  });

  it('ends a progress line a dead stage left open', () => {
    const { v, out } = view();
    v.line('{"progress":"UMAP 3/200 epochs"}');
    v.end();
    v.end();
    expect(out()).toBe('\rUMAP 3/200 epochs\x1b[K\n');
  });
  it("marks replayed lines (a cached task's old output), drops their progress, and leaves blank lines blank", () => {
    let out = '';
    const v = new TerminalView({ write: (s: string) => (out += s) }, false);
    v.line('{"level":30,"time":0,"name":"zz","variant":"default","stage":"data","msg":"running data: no previous artifact"}', true);
    v.line('{"progress":"samples 3/50"}', true);
    v.line('', true);
    v.line('\x1b[1mgenlab: wrote it\x1b[22m', true);
    expect(out).toMatch(
      /^replayed \[\d\d:\d\d:\d\d\] INFO: zz\/default data: running data: no previous artifact\n\nreplayed genlab: wrote it\n$/,
    );
  });
});
