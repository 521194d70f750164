import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tf, initBackend } from '@genlab/backend';
import { ArtifactError } from '@genlab/artifacts';
import { buildNetworks, disposeNetworks, loadNetworks, type Networks } from '@genlab/models';
import { TINY_GAN_MODEL } from '@genlab/spec/test-support/tiny-specs';
import { experimentSpec, tempRoot } from '../test-support/stage-fixture';
import {
  checkpointName,
  latestCheckpoint,
  listCheckpoints,
  readCheckpointState,
  writeCheckpoint,
  type CheckpointState,
} from './checkpoint';

const spec = experimentSpec(`name: ckpt\n${TINY_GAN_MODEL}`);
let nets: Networks;
beforeAll(async () => {
  await initBackend('auto');
  nets = buildNetworks(spec.model, 9);
});
afterAll(() => disposeNetworks(nets));

const state = (epoch: number): CheckpointState => ({
  epoch,
  step: epoch * 3,
  rng: 12345,
  history: [],
  trainSeconds: 1.5,
  upstream: { data: 'a', model: 'b' },
});

describe('checkpoints', () => {
  it('writes networks, optimiser state and state.json, and reads them back', async () => {
    const root = tempRoot('genlab-ckpt-');
    const opt = tf.train.adam(0.01);
    const dir = await writeCheckpoint(root, nets, { generator: opt }, state(3));
    expect(dir).toBe(join(root, 'epoch-0003'));
    expect(readdirSync(dir).sort()).toEqual(['discriminator', 'generator', 'optimizer.json', 'optimizer.weights.bin', 'state.json']);
    expect(readCheckpointState(dir)).toEqual(state(3));
    const loaded = await loadNetworks(dir, ['generator']);
    expect(loaded.generator.getWeights()[0].dataSync()).toEqual(nets.generator.getWeights()[0].dataSync());
    disposeNetworks(loaded);
    opt.dispose();
  });

  it('finds the latest complete checkpoint and removes half-written ones', () => {
    const root = tempRoot('genlab-ckpt-');
    expect(latestCheckpoint(join(root, 'absent'))).toBeNull();
    for (const e of [2, 10]) {
      mkdirSync(join(root, checkpointName(e)));
      writeFileSync(join(root, checkpointName(e), 'state.json'), JSON.stringify(state(e)));
    }
    mkdirSync(join(root, 'epoch-0012')); // killed before state.json: incomplete
    mkdirSync(join(root, '.epoch-0014.tmp-999')); // killed mid-write
    expect(listCheckpoints(root).map((c) => c.epoch)).toEqual([2, 10]);
    expect(latestCheckpoint(root)?.epoch).toBe(10);
    expect(readdirSync(root)).not.toContain('.epoch-0014.tmp-999');
  });

  it('refuses a corrupt state.json with an ArtifactError', () => {
    const root = tempRoot('genlab-ckpt-');
    writeFileSync(join(root, 'state.json'), '{"epoch": 1');
    expect(() => readCheckpointState(root)).toThrow(ArtifactError);
    writeFileSync(join(root, 'state.json'), '{"epoch": 1}');
    expect(() => readCheckpointState(root)).toThrow(/lacks epoch, rng or history/);
  });
});
