import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FAILED_FILE, runStage, stageWorkDir, type RunStageOptions } from './run-stage';
import { readManifest } from './manifest';
import { ArtifactError } from './artifact-error';
import { lockFileOf } from './stage-lock';

const root = mkdtempSync(join(tmpdir(), 'genlab-runstage-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const dirOf = (stage: string) => join(root, 'artifacts', 'exp', 'default', stage);

function options(stage: string, write: (dir: string) => void, upstream: string[] = []): RunStageOptions<unknown> {
  return {
    root, name: 'exp', variant: 'default', stage, spec: {}, slice: { n: 1 }, fingerprint: `${stage}-fp`, seed: 1,
    formatVersion: 1, dir: dirOf(stage), packageVersion: '0.0.0',
    upstreamDirs: Object.fromEntries(upstream.map((u) => [u, { dir: dirOf(u), name: 'exp', variant: 'default', stage: u }])),
    run: async (ctx) => {
      write(ctx.outDir);
      return { result: {} };
    },
  };
}

describe('runStage', () => {
  it('a failed stage leaves failed.json (its error line) in the work folder; the next run of the stage clears it', async () => {
    const o = options('sample', () => {
      throw new Error('out of memory at epoch 3\nstack...');
    });
    await expect(runStage(o)).rejects.toThrow('out of memory');
    const file = join(stageWorkDir(root, o), FAILED_FILE);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ error: 'Error', message: 'out of memory at epoch 3' });
    expect(existsSync(dirOf('sample'))).toBe(false);
    let seenWhileRunning: boolean | undefined;
    await runStage({ ...o, run: async () => ((seenWhileRunning = existsSync(file)), { result: {} }) });
    expect(seenWhileRunning).toBe(false);
  });

  it('records size and SHA-256 of every file, and refuses an upstream file with one byte flipped, naming it', async () => {
    const weights = Buffer.alloc(3000, 7);
    const m = await runStage(options('model', (d) => {
      mkdirSync(join(d, 'decoder'));
      writeFileSync(join(d, 'decoder', 'weights.bin'), weights);
      writeFileSync(join(d, 'architecture.json'), '{}');
    }));
    expect(m.checksums['decoder/weights.bin']).toEqual({ size: 3000, sha256: createHash('sha256').update(weights).digest('hex') });
    expect(Object.keys(m.checksums)).toEqual(m.files);
    expect(JSON.parse(readFileSync(join(dirOf('model'), 'manifest.json'), 'utf8')).checksums).toEqual(m.checksums);

    const file = join(dirOf('model'), 'decoder', 'weights.bin');
    const bytes = readFileSync(file);
    bytes[1234] ^= 0x01;
    writeFileSync(file, bytes);
    let ran = false;
    const err = await runStage(options('train', () => (ran = true), ['model'])).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArtifactError);
    expect((err as Error).message).toContain(`${dirOf('model')}: decoder/weights.bin is damaged`);
    expect((err as Error).message).toContain('genlab stage model exp');
    expect(ran).toBe(false);
    expect(existsSync(lockFileOf(dirOf('train')))).toBe(false);
    expect(() => readManifest(dirOf('model'), { stage: 'model' }, { verify: false })).not.toThrow();

    writeFileSync(file, bytes.subarray(0, 2999));
    expect(() => readManifest(dirOf('model'), { stage: 'model' })).toThrow('decoder/weights.bin has 2999 bytes, the manifest says 3000');
  });

  it('removes temp folders of dead processes, keeps those of live ones, and leaves no lock', async () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const stale = join(root, 'artifacts', 'exp', 'default', `.data.tmp-${dead}-abc`);
    const live = join(root, 'artifacts', 'exp', 'default', `.data.tmp-${process.ppid}-abc`);
    for (const d of [stale, live]) mkdirSync(join(d, 'sub'), { recursive: true });
    await runStage(options('data', (d) => writeFileSync(join(d, 'x.u8'), 'x')));
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(existsSync(lockFileOf(dirOf('data')))).toBe(false);
    rmSync(live, { recursive: true });
  });
});
