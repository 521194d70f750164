import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { RUN_STARTED_ENV, type Manifest } from '@genlab/artifacts';
import { TINY_GAN_MODEL } from '@genlab/spec/test-support/tiny-specs';
import { experimentSpec, makeUpstream, runExperimentStage, tempRoot } from '../test-support/stage-fixture';
import { continuationOf, otherTrainingCode } from './continuation-rule';
import { runTrainStage } from './run-train-stage';

// Issue 12: train 2 epochs, raise train.epochs to 4: only epochs 3 and 4 train, and the
// artifact equals a fresh 4-epoch run's file for file, byte for byte, except wall-clock fields.
// checkpointEvery 3 and sampleEvery 3 make the 2-epoch run's final checkpoint and grid ones the
// 4-epoch schedule does not write, so the test also shows they are dropped.
const yaml = (epochs: number, batchSize = 32) => `name: continue
data: { trainLimit: 120, testLimit: 20 }
${TINY_GAN_MODEL}
train: { epochs: ${epochs}, batchSize: ${batchSize}, checkpointEvery: 3, sampleEvery: 3, sampleGrid: 3 }
`;
const root = tempRoot();
let upstream: { data: string; model: string };
const dirOf = (name: string) => join(root, 'artifacts', 'continue', 'default', name);

async function train(epochs: number, dirName: string, batchSize = 32): Promise<{ manifest: Manifest; epochsRun: number[] }> {
  const epochsRun: number[] = [];
  const spec = experimentSpec(yaml(epochs, batchSize));
  const manifest = await runExperimentStage(
    root,
    spec,
    'train',
    (ctx) => runTrainStage(ctx, { progress: 'log', onEpochEnd: (r) => epochsRun.push(r.epoch) }),
    upstream,
    dirName,
  );
  return { manifest, epochsRun };
}

/** A file as compared: JSON without the wall-clock fields (seconds, images/s), else bytes. */
const TIMING = new Set(['seconds', 'imagesPerSec', 'trainSeconds']);
function comparable(dir: string, file: string): string {
  const bytes = readFileSync(join(dir, file));
  const strip = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(strip)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v)
              .filter(([k]) => !TIMING.has(k))
              .map(([k, x]) => [k, strip(x)]),
          )
        : v;
  if (file.endsWith('losses.jsonl'))
    return bytes
      .toString('utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.stringify(strip(JSON.parse(l))))
      .join('\n');
  if (file.endsWith('state.json')) return JSON.stringify(strip(JSON.parse(bytes.toString('utf8'))));
  // tfjs numbers variable names per process (kernel_3 in the third model built); the three runs
  // share this test's process, whereas each CLI stage is a process of its own.
  if (file.endsWith('optimizer.json')) return bytes.toString('utf8').replace(/_\d+\//g, '/');
  return bytes.toString('base64');
}

beforeAll(async () => {
  upstream = await makeUpstream(root, experimentSpec(yaml(2)));
});

describe('raising train.epochs continues the previous artifact', () => {
  it('trains only the new epochs and equals a fresh run of the longer schedule', async () => {
    const two = await train(2, 'train');
    expect(two.epochsRun).toEqual([1, 2]);
    expect(two.manifest.result.checkpoints).toEqual([2]);

    const continued = await train(4, 'train');
    expect(continued.epochsRun).toEqual([3, 4]);
    expect(continued.manifest.result).toMatchObject({
      epochs: 4,
      resumedFrom: null,
      continuedFrom: { epochs: 2, fingerprint: two.manifest.fingerprint },
      checkpoints: [3, 4],
    });
    expect(readFileSync(join(dirOf('train'), 'log.jsonl'), 'utf8')).toContain(
      'continuing the 2-epoch train artifact (only train.epochs grew): training epochs 3..4',
    );

    // A fresh run of the same schedule would keep the 4-epoch artifact: set it aside meanwhile.
    renameSync(dirOf('train'), dirOf('train-aside'));
    const fresh = await train(4, 'train-fresh');
    renameSync(dirOf('train-aside'), dirOf('train'));
    expect(fresh.epochsRun).toEqual([1, 2, 3, 4]);
    expect(fresh.manifest.result.continuedFrom).toBeNull();

    expect(continued.manifest.files).toEqual(fresh.manifest.files);
    expect(continued.manifest.files).toEqual(
      expect.arrayContaining(['checkpoints/epoch-0004/generator/weights.bin', 'grids/epoch-0003.png', 'losses.jsonl']),
    );
    expect(continued.manifest.files.some((f) => f.includes('epoch-0002'))).toBe(false);
    for (const f of continued.manifest.files) expect(comparable(dirOf('train'), f), f).toBe(comparable(dirOf('train-fresh'), f));
    expect(continued.manifest.result.finalLosses).toEqual(fresh.manifest.result.finalLosses);
  });

  it('starts over when anything else in the slice changed too', async () => {
    const other = await train(6, 'train', 30);
    expect(other.epochsRun).toEqual([1, 2, 3, 4, 5, 6]);
    expect(other.manifest.result.continuedFrom).toBeNull();
  });

  it('continues after its data and model stages were rebuilt and the training code changed, and says so', async () => {
    // As after a commit to code the data, model and train stages run: Nx rebuilds data and model
    // (same files, new manifests), and the previous artifact records other training code.
    const manifestFile = join(dirOf('train'), 'manifest.json');
    const prev = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
    writeFileSync(manifestFile, JSON.stringify({ ...prev, result: { ...prev.result, codeHash: 'earlier-code' } }, null, 2));
    const manifestsBefore = [upstream.data, upstream.model].map((d) => readFileSync(join(d, 'manifest.json'), 'utf8'));
    for (const d of [upstream.data, upstream.model]) rmSync(d, { recursive: true });
    upstream = await makeUpstream(root, experimentSpec(yaml(2)));
    expect([upstream.data, upstream.model].map((d) => readFileSync(join(d, 'manifest.json'), 'utf8'))).not.toEqual(manifestsBefore);

    const eight = await train(8, 'train', 30);
    expect(eight.epochsRun).toEqual([7, 8]);
    expect(eight.manifest.result.continuedFrom).toMatchObject({ epochs: 6, codeHash: 'earlier-code' });
    expect(readFileSync(join(dirOf('train'), 'log.jsonl'), 'utf8')).toContain(
      'its epochs 1..6 were trained by other code (code hash earlier-code',
    );
  });

  it('keeps a finished artifact when only the code changed: no epoch trains, the files stay the same', async () => {
    const manifestFile = join(dirOf('train'), 'manifest.json');
    const prev = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
    writeFileSync(manifestFile, JSON.stringify({ ...prev, result: { ...prev.result, codeHash: 'earlier-code' } }, null, 2));
    // As a later command on another machine that restored the artifact: no work folder of a
    // killed run to resume, and the artifact was not built by this command.
    rmSync(join(root, 'artifacts', '.work'), { recursive: true, force: true });
    process.env[RUN_STARTED_ENV] = String(Date.now());
    const files = ['losses.jsonl', 'checkpoints/epoch-0008/state.json', 'checkpoints/epoch-0008/generator/weights.bin'];
    const before = files.map((f) => comparable(dirOf('train'), f));
    const kept = await train(8, 'train', 30);
    expect(kept.epochsRun).toEqual([]);
    expect(files.map((f) => comparable(dirOf('train'), f))).toEqual(before);
    expect(kept.manifest.result).toMatchObject({ epochs: 8, continuedFrom: { epochs: 8, codeHash: 'earlier-code' } });
    expect(kept.manifest.result.trainingCode).toEqual(prev.result.trainingCode);
    const log = readFileSync(join(dirOf('train'), 'log.jsonl'), 'utf8');
    expect(log).toContain('keeping the 8-epoch train artifact: its configuration and data are the same, so nothing is trained');
    expect(log).toContain('its epochs 1..8 were trained by other code (code hash earlier-code');
    delete process.env[RUN_STARTED_ENV];
  });

  it('says why an artifact cannot be continued, and when other code trained it', () => {
    const prev = {
      slice: { seed: 1, train: { epochs: 2, batchSize: 8 } },
      upstream: { data: { manifestSha256: 'd' } },
      result: { codeHash: 'c' },
    } as unknown as Manifest;
    const spec = (epochs: number) => ({ train: { epochs } }) as Parameters<typeof continuationOf>[2];
    const slice = (epochs: number, batchSize = 8) => ({ seed: 1, train: { epochs, batchSize } });
    const same = () => true;
    expect(continuationOf(prev, slice(4), spec(4), same)).toBeNull();
    expect(continuationOf(prev, slice(1), spec(1), same)).toBe('it has 2 epochs, not fewer than 1');
    expect(continuationOf(prev, slice(2), spec(2), same)).toBeNull(); // the same configuration: kept
    expect(continuationOf(prev, slice(2), spec(2), (k) => k !== 'data')).toBe('its data artifact differs');
    expect(continuationOf(prev, slice(4, 16), spec(4), same)).toBe('changed train.batchSize, train.epochs');
    expect(continuationOf(prev, slice(4), spec(4), (k) => k !== 'data')).toBe('its data artifact differs');
    expect(otherTrainingCode(prev, 'c')).toBeNull();
    expect(otherTrainingCode(prev, 'new')).toBe('c');
  });
});
