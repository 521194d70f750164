import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ArtifactError } from '@genlab/artifacts';
import { SpecError } from '@genlab/spec';
import { loadGraphModelExtractor, type GraphModelFeaturesSpec } from './graph-model-extractor';

const root = mkdtempSync(join(tmpdir(), 'genlab-graph-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const spec = (path: string): GraphModelFeaturesSpec => ({
  kind: 'graph-model',
  path,
  featuresNode: 'pool_3',
  logitsNode: 'logits',
  inputSize: 299,
});

describe('loadGraphModelExtractor', () => {
  it('names the spec field and the resolved path when model.json is missing', async () => {
    const load = loadGraphModelExtractor(spec('models/inception/model.json'), root);
    await expect(load).rejects.toThrow(SpecError);
    await expect(load).rejects.toThrow(
      /evaluate\.features\.path: expected the path of a tfjs graph model\.json .*'models\/inception\/model\.json' \(no file at .*models\/inception\/model\.json\)/,
    );
  });

  it('names a weight file the model.json lists but that is missing', async () => {
    writeFileSync(
      join(root, 'model.json'),
      JSON.stringify({
        format: 'graph-model',
        modelTopology: { node: [] },
        weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: [] }],
      }),
    );
    const load = loadGraphModelExtractor(spec('model.json'), root);
    await expect(load).rejects.toThrow(ArtifactError);
    await expect(load).rejects.toThrow(/group1-shard1of1\.bin: weight file listed in .*model\.json is missing/);
  });

  it('rejects a model.json that is not JSON', async () => {
    writeFileSync(join(root, 'bad.json'), '{ not json');
    await expect(loadGraphModelExtractor(spec('bad.json'), root)).rejects.toThrow(/not a tfjs model\.json/);
  });
});
