import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runStage } from '@genlab/artifacts';
import { initBackend, tf } from '@genlab/backend';
import { artifactDir, experimentSlice, fingerprint, STAGE_FORMAT_VERSIONS } from '@genlab/spec';
import { loadNetworks } from './model-io';
import { runModelStage } from './model-stage';
import { presetSpec } from '../test-support/test-specs';

const root = mkdtempSync(join(tmpdir(), 'genlab-model-stage-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('runModelStage', () => {
  it('saves the untrained paper VAE, architecture.json and the result of docs/artifacts.md', async () => {
    const spec = presetSpec('paper-vae');
    const slice = experimentSlice(spec, 'model');
    const dir = artifactDir(root, spec.name, 'default', 'model');
    const manifest = await runStage({
      root,
      name: spec.name,
      variant: 'default',
      stage: 'model',
      spec,
      slice,
      fingerprint: fingerprint('model', slice),
      formatVersion: STAGE_FORMAT_VERSIONS.model,
      seed: spec.seed,
      dir,
      upstreamDirs: {},
      packageVersion: '0.1.0',
      run: runModelStage,
    });
    expect(manifest.files).toEqual([
      'architecture.json',
      'decoder/model.json',
      'decoder/weights.bin',
      'encoder/model.json',
      'encoder/weights.bin',
    ]);
    const result = manifest.result as {
      kind: string;
      latentDim: number;
      params: Record<string, number>;
      flopsPerImage: Record<string, number>;
    };
    expect(result.kind).toBe('vae');
    expect(result.latentDim).toBe(10);
    expect(result.params.total).toBe(result.params.encoder + result.params.decoder);
    expect(result.params.decoder).toBe(1780673);
    expect(Object.keys(result.flopsPerImage)).toEqual(['encoder', 'decoder']);
    expect(manifest.backend?.name).toBe((await initBackend('auto')).name); // 'native' runs on tfjs's wasm backend

    const arch = JSON.parse(readFileSync(join(dir, 'architecture.json'), 'utf8'));
    expect(arch.networks.encoder.layers.map((l: { outputShape: number[] }) => l.outputShape)).toEqual([
      [14, 14, 32],
      [7, 7, 64],
      [3136],
      [512],
      [256],
    ]);
    expect(arch.networks.encoder.heads.map((h: { name: string }) => h.name)).toEqual(['z_mean', 'z_log_var']);
    expect(arch.networks.decoder.layers.at(-1).outputShape).toEqual([28, 28, 1]);

    const before = tf.memory().numTensors;
    const nets = await loadNetworks(dir);
    expect(Object.keys(nets)).toEqual(['decoder', 'encoder']);
    expect(nets.encoder.countParams()).toBe(result.params.encoder);
    Object.values(nets).forEach((n) => n.dispose());
    expect(tf.memory().numTensors).toBe(before);
  });
});
