import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// genlab bench's thread rows run the training benchmark in a process of its own per thread
// count; this is that process, at 1 thread, for one step of the paper GAN.
const ROOT = join(__dirname, '..', '..', '..');
const SCRIPT = join(ROOT, 'packages', 'train', 'bench', 'train-bench-process.ts');
const run = (options: string, threads: string) =>
  spawnSync(process.execPath, ['--require', 'tsx/cjs', SCRIPT, options], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, GENLAB_THREADS: threads },
  });

describe('train-bench-process', () => {
  it('prints one RESULT line with the step throughput, on the backend asked for', () => {
    const r = run(JSON.stringify({ kind: 'gan', batch: 8, steps: 1, warmup: 0, backend: 'wasm' }), '1');
    expect(r.status, r.stderr).toBe(0);
    const line = r.stdout.split('\n').find((l) => l.startsWith('RESULT '));
    const result = JSON.parse(line!.slice('RESULT '.length)) as {
      imagesPerSec: number;
      gflops: number;
      backend: string;
      flopsPerStep: number;
    };
    expect(result.backend).toBe('wasm');
    expect(result.imagesPerSec).toBeGreaterThan(0);
    expect(result.flopsPerStep).toBeGreaterThan(0);
  });

  it('fails with the reason, and no RESULT line, on options it cannot run', () => {
    const r = run('{"kind": "gan", "batch": 8, "steps": 1, "warmup": 0, "backend": "no-such"}', '1');
    expect(r.status).toBe(1);
    expect(r.stdout).not.toContain('RESULT');
    expect(r.stderr).toMatch(/no-such/);
  });
});
