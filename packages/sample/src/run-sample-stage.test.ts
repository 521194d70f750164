import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '@genlab/backend';
import { ArtifactError } from '@genlab/artifacts';
import { TINY_GAN_MODEL, TINY_VAE_MODEL } from '@genlab/spec/test-support/tiny-specs';
import { experimentSpec, makeTrainedUpstream, runExperimentStage, tempRoot } from '../test-support/sample-fixture';
import { runSampleStage } from './run-sample-stage';

const root = tempRoot();
const gan = experimentSpec(`name: sample-gan
data: { trainLimit: 50, testLimit: 20 }
${TINY_GAN_MODEL}
train: { epochs: 4, checkpointEvery: 2 }
sample: { epochs: [2], grid: 3, count: 700, interpolationSteps: 5 }
evaluate: { samples: 700 }
`);
const vae = experimentSpec(`name: sample-vae
data: { trainLimit: 50, testLimit: 20, scale: unit }
${TINY_VAE_MODEL}
train: { epochs: 2, checkpointEvery: 1 }
sample: { epochs: [1], grid: 2, count: 30, interpolationSteps: 4, reconstructions: 6 }
evaluate: { samples: 30 }
`);

const size = async (file: string) => {
  const m = await sharp(file).metadata();
  return [m.width, m.height];
};
// encodeGridPng: 28-pixel cells with 2 pixels of padding between and around them.
const side = (cells: number) => cells * 28 + (cells + 1) * 2;

describe('runSampleStage', () => {
  let ganUp: Record<'data' | 'model' | 'train', string>;
  let vaeUp: Record<'data' | 'model' | 'train', string>;
  beforeAll(async () => {
    ganUp = await makeTrainedUpstream(root, gan, [2, 4]);
    vaeUp = await makeTrainedUpstream(root, vae, [1, 2]);
  });

  it('writes GAN grids and interpolations per epoch and samples.u8 from the final checkpoint', async () => {
    const tensors = tf.memory().numTensors;
    const m = await runExperimentStage(root, gan, 'sample', runSampleStage, ganUp);
    expect(tf.memory().numTensors).toBe(tensors);
    const dir = join(root, 'artifacts', gan.name, 'default', 'sample');
    expect(m.result).toMatchObject({
      count: 700,
      epochs: [2, 4],
      samplesFile: 'samples.u8',
      grids: { 2: 'grids/epoch-0002.png', 4: 'grids/epoch-0004.png' },
      interpolations: { 2: 'interpolation-epoch-0002.png', 4: 'interpolation-epoch-0004.png' },
    });
    expect(m.result.reconstructions).toBeUndefined();
    expect(await size(join(dir, 'grids/epoch-0002.png'))).toEqual([side(3), side(3)]);
    expect(await size(join(dir, 'interpolation-epoch-0004.png'))).toEqual([side(5), side(1)]);
    expect(readFileSync(join(dir, 'samples.u8')).length).toBe(700 * 784);
    // Different checkpoints, same fixed noise: the grids differ.
    expect(readFileSync(join(dir, 'grids/epoch-0002.png')).equals(readFileSync(join(dir, 'grids/epoch-0004.png')))).toBe(false);
  });

  it('is deterministic: the same seed gives the same bytes', async () => {
    await runExperimentStage(root, gan, 'sample', runSampleStage, ganUp, 'sample-again');
    const a = join(root, 'artifacts', gan.name, 'default', 'sample');
    const b = join(root, 'artifacts', gan.name, 'default', 'sample-again');
    for (const f of ['samples.u8', 'grids/epoch-0004.png', 'interpolation-epoch-0002.png']) {
      expect(readFileSync(join(b, f)).equals(readFileSync(join(a, f))), f).toBe(true);
    }
  });

  it('adds VAE reconstructions: inputs on top, reconstructions below', async () => {
    const m = await runExperimentStage(root, vae, 'sample', runSampleStage, vaeUp);
    const dir = join(root, 'artifacts', vae.name, 'default', 'sample');
    expect(m.result).toMatchObject({ count: 30, epochs: [1, 2], reconstructions: 'reconstructions.png' });
    expect(await size(join(dir, 'reconstructions.png'))).toEqual([side(6), side(2)]);
    expect(await size(join(dir, 'grids/epoch-0001.png'))).toEqual([side(2), side(2)]);
    expect(readFileSync(join(dir, 'samples.u8')).length).toBe(30 * 784);
  });

  it('refuses an epoch the train artifact did not checkpoint', async () => {
    const odd = { ...gan, sample: { ...gan.sample, epochs: [3] } };
    await expect(runExperimentStage(root, odd, 'sample', runSampleStage, ganUp, 'sample-odd')).rejects.toThrow(ArtifactError);
    await expect(runExperimentStage(root, odd, 'sample', runSampleStage, ganUp, 'sample-odd')).rejects.toThrow(
      /no checkpoint of epoch 3 \(checkpointed epochs: 2, 4\)/,
    );
  });
});
