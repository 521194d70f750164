// genlab setup's command line, and its first check: no GPU, no install. (The staging install, its
// failure when libtensorflow cannot be downloaded, and "nothing changed" are checked in a fresh
// clone by clean-install.test.ts; the agreement check by setup/backend-agreement.test.ts.)
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../main';
import { REPO_ROOT } from '../../test-support/temp-workspace';

const tmp = mkdtempSync(join(tmpdir(), 'genlab-setup-cmd-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { cwd: REPO_ROOT, out: (s) => void (out += s), err: (s) => void (err += s) });
  return { code, out, err };
}

describe('genlab setup', () => {
  it('names its two targets; anything else is a usage error (exit 2)', async () => {
    for (const args of [['setup'], ['setup', 'cuda'], ['setup', 'gpu', 'tensorflow']]) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toMatch(/usage: genlab setup gpu \| genlab setup tensorflow/);
    }
    const help = await run(['setup', '--help']);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^genlab setup gpu\|tensorflow\n/);
    expect(help.out).toMatch(/^ {2}gpu {10}@tensorflow\/tfjs-node-gpu/m);
    expect(help.out).toMatch(/^ {2}tensorflow {3}@tensorflow\/tfjs-node:/m);
  });

  it('gpu: a driver that does not answer is no GPU seen; exit 1, nothing installed', async () => {
    // nvidia-smi as it answers where the NVIDIA driver is not loaded.
    const bin = join(tmp, 'bin');
    mkdirSync(bin);
    writeFileSync(
      join(bin, 'nvidia-smi'),
      '#!/bin/sh\necho "NVIDIA-SMI has failed because it couldn\'t communicate with the NVIDIA driver."\nexit 9\n',
    );
    chmodSync(join(bin, 'nvidia-smi'), 0o755);
    const path = process.env.PATH;
    process.env.PATH = `${bin}${delimiter}${path}`;
    try {
      const r = await run(['setup', 'gpu']);
      expect(r.code).toBe(1);
      expect(r.out).toBe('');
      expect(r.err).toMatch(
        /^genlab: setup gpu: no GPU seen: nvidia-smi failed \(exit 9\): NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver\. @tensorflow\/tfjs-node-gpu@4\.22\.0 runs libtensorflow 2\.9\.1, built for CUDA 11\.2 and cuDNN 8\.1 on an NVIDIA GPU\. Nothing was installed or changed/,
      );
    } finally {
      process.env.PATH = path;
    }
  });
});
