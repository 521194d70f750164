import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArtifactError } from '@genlab/artifacts';
import { initBackend, tf } from '@genlab/backend';
import type { ModelSpec } from '@genlab/spec';
import { buildNetworks, disposeNetworks } from './build-networks';
import { loadNetworks, saveNetworks } from './model-io';
import { presetSpec } from '../test-support/test-specs';

const root = mkdtempSync(join(tmpdir(), 'genlab-models-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
beforeAll(async () => {
  await initBackend('cpu');
});

// A small GAN with every layer type, so the round trip covers batch-norm statistics too.
const small = {
  kind: 'gan',
  latentDim: 8,
  generator: [
    { type: 'dense', units: 7 * 7 * 8, activation: 'leakyRelu', alpha: 0.2 },
    { type: 'batchNorm' },
    { type: 'reshape', targetShape: [7, 7, 8] },
    { type: 'conv2dTranspose', filters: 4, kernel: 3, strides: 2, padding: 'same', activation: 'relu' },
    { type: 'conv2dTranspose', filters: 1, kernel: [3, 3], strides: [2, 2], padding: 'same', activation: 'tanh' },
  ],
  discriminator: [
    { type: 'conv2d', filters: 4, kernel: 3, strides: 2, padding: 'valid' },
    { type: 'activation', activation: 'leakyRelu', alpha: 0.3 },
    { type: 'dropout', rate: 0.25 },
    { type: 'flatten' },
    { type: 'dense', units: 1, activation: 'sigmoid' },
  ],
} as ModelSpec;

async function roundTrip(model: ModelSpec, dir: string, inputs: Record<string, number[]>) {
  const before = tf.memory().numTensors;
  const nets = buildNetworks(model, 5);
  await saveNetworks(nets, dir);
  const loaded = await loadNetworks(dir);
  expect(Object.keys(loaded).sort()).toEqual(Object.keys(nets).sort());
  for (const [name, shape] of Object.entries(inputs)) {
    tf.tidy(() => {
      const x = tf.randomNormal(shape, 0, 1, 'float32', 11);
      const a = ([] as tf.Tensor[]).concat(nets[name].predict(x) as tf.Tensor);
      const b = ([] as tf.Tensor[]).concat(loaded[name].predict(x) as tf.Tensor);
      expect(b.map((t) => t.shape)).toEqual(a.map((t) => t.shape));
      a.forEach((t, i) => expect(Array.from(b[i].dataSync())).toEqual(Array.from(t.dataSync())));
    });
  }
  disposeNetworks(nets);
  disposeNetworks(loaded);
  expect(tf.memory().numTensors).toBe(before);
}

describe('saveNetworks / loadNetworks', () => {
  it('writes the standard tfjs layers format', async () => {
    const nets = buildNetworks(small, 1);
    await saveNetworks(nets, join(root, 'fmt'));
    disposeNetworks(nets);
    const json = JSON.parse(readFileSync(join(root, 'fmt/generator/model.json'), 'utf8'));
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest[0].paths).toEqual(['weights.bin']);
    expect(json.modelTopology.config.name).toBe('generator');
    expect(existsSync(join(root, 'fmt/discriminator/weights.bin'))).toBe(true);
  });

  it('reloads every layer type with identical predictions', async () => {
    await roundTrip(small, join(root, 'small'), { generator: [3, 8], discriminator: [3, 28, 28, 1] });
  });

  it('reloads the paper VAE with both encoder heads', async () => {
    await roundTrip(presetSpec('paper-vae').model, join(root, 'vae'), { encoder: [2, 28, 28, 1], decoder: [2, 10] });
  });

  it('names a missing or corrupt file in an ArtifactError', async () => {
    const nets = buildNetworks(small, 2);
    const dir = join(root, 'broken');
    await saveNetworks(nets, dir);
    disposeNetworks(nets);
    const bin = join(dir, 'generator/weights.bin');
    writeFileSync(bin, readFileSync(bin).subarray(0, 100));
    await expect(loadNetworks(dir, ['generator'])).rejects.toThrow(ArtifactError);
    await expect(loadNetworks(dir, ['generator'])).rejects.toThrow(/generator\/weights\.bin: has 100 bytes, expected \d+/);
    writeFileSync(join(dir, 'discriminator/model.json'), '{"modelTopology":');
    await expect(loadNetworks(dir, ['discriminator'])).rejects.toThrow(/discriminator\/model\.json: corrupt JSON/);
    await expect(loadNetworks(dir, ['encoder'])).rejects.toThrow(/encoder\/model\.json: file is missing/);
    await expect(loadNetworks(join(root, 'nothing'))).rejects.toThrow(/model folder is missing/);
  });
});
