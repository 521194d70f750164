// Signals during a kernel (csrc/signals_held.h): Debian's oneDNN 2.6 corrupted the heap when one
// arrived inside its JIT sgemm. `node --cpu-prof` sends the main thread SIGPROF every interval, so
// a process that runs sgemm-backed matmuls under it for a second crashed ("corrupted size vs.
// prev_size", exit by SIGABRT) before kernel calls held signals back. Real processes, real addon.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ADDON_PATH, loadAddon } from './load-addon';

const addon = loadAddon();
const tmp = mkdtempSync(join(tmpdir(), 'genlab-native-signals-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// 1.5 s of batched [96 x 96] . [96 x 96] matmuls (BatchMatMul runs oneDNN's sgemm per batch
// entry) on 2 threads, then a sum of the output so the work is checked to have happened.
const WORKLOAD = `
const addon = require(${JSON.stringify(ADDON_PATH)});
addon.setThreads(2);
const [batch, n] = [8, 96];
const size = batch * n * n;
const heap = new Float32Array(3 * size);
for (let i = 0; i < 2 * size; i++) heap[i] = ((i * 7919) % 1000) / 1000 - 0.5;
const dims = new Int32Array([batch, batch, n, n, n, 0, 0]);
let calls = 0;
for (const end = Date.now() + 1500; Date.now() < end; calls++) addon.batchMatMul(heap, dims, 0, size, -1, 2 * size, 0, 0);
let sum = 0;
for (let i = 2 * size; i < 3 * size; i++) sum += heap[i];
console.log(JSON.stringify({ calls, finite: Number.isFinite(sum) }));
`;

describe.skipIf(!addon.ok)(
  `native kernels under a sampling profiler${addon.ok ? '' : ` - SKIPPED: ${addon.ok ? '' : addon.reason}`}`,
  () => {
    it('survives SIGPROF every 100 us during sgemm-backed kernels (node --cpu-prof)', () => {
      const out = join(tmp, 'profile');
      const r = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-interval', '100', '--cpu-prof-dir', out, '-e', WORKLOAD], {
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect({ status: r.status, signal: r.signal, stderr: r.stderr.trim() }).toEqual({ status: 0, signal: null, stderr: '' });
      const result = JSON.parse(r.stdout.trim()) as { calls: number; finite: boolean };
      expect(result.calls).toBeGreaterThan(10);
      expect(result.finite).toBe(true);
      expect(readdirSync(out).some((f) => f.endsWith('.cpuprofile'))).toBe(true); // the profiler did run
    });
  },
);
