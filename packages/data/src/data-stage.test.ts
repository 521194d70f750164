import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ArtifactError, runStage } from '@genlab/artifacts';
import { artifactDir, experimentSlice, fingerprint, loadSpecFile, STAGE_FORMAT_VERSIONS, type ExperimentSpec } from '@genlab/spec';
import { DATA_FILES, runDataStage } from './data-stage';
import { loadDataset } from './load-dataset';
import { classCounts } from './balanced-subset';

const root = mkdtempSync(join(tmpdir(), 'genlab-data-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function spec(extra = ''): ExperimentSpec {
  const text = `name: tiny\npreset: paper-gan\ndata: { trainLimit: 100, testLimit: 50 }\n${extra}`;
  return loadSpecFile(join(root, 'experiments/tiny/experiment.yaml'), text).spec as ExperimentSpec;
}

async function runData(s: ExperimentSpec, variant = 'default') {
  const slice = experimentSlice(s, 'data');
  const dir = artifactDir(root, s.name, variant, 'data');
  const manifest = await runStage({
    root,
    name: s.name,
    variant,
    stage: 'data',
    spec: s,
    slice,
    fingerprint: fingerprint('data', slice),
    formatVersion: STAGE_FORMAT_VERSIONS.data,
    seed: s.seed,
    dir,
    upstreamDirs: {},
    packageVersion: '0.1.0',
    run: runDataStage,
  });
  return { dir, manifest };
}

describe('runDataStage', () => {
  it('writes the balanced subsets and their counts (docs/artifacts.md)', async () => {
    const { dir, manifest } = await runData(spec());
    expect(manifest.files).toEqual(['test-images.u8', 'test-labels.u8', 'train-images.u8', 'train-labels.u8']);
    expect(statSync(join(dir, DATA_FILES.train.images)).size).toBe(100 * 784);
    expect(statSync(join(dir, DATA_FILES.test.images)).size).toBe(50 * 784);
    const result = manifest.result as {
      train: { count: number; classCounts: number[] };
      test: { count: number; classCounts: number[] };
      scale: string;
      sourceSha256: Record<string, string>;
    };
    expect(result.train).toEqual({ count: 100, classCounts: Array(10).fill(10) });
    expect(result.test).toEqual({ count: 50, classCounts: Array(10).fill(5) });
    expect(result.scale).toBe('signed');
    expect(Object.keys(result.sourceSha256)).toHaveLength(4);

    const train = loadDataset(dir, 'train');
    expect(train.count).toBe(100);
    expect(classCounts(train.labels)).toEqual(result.train.classCounts);
    // Real digits, not zeros: an MNIST image has about 19% lit pixels.
    const lit = train.images.filter((v) => v > 0).length / train.images.length;
    expect(lit).toBeGreaterThan(0.1);
    expect(lit).toBeLessThan(0.3);
  });

  it('is deterministic by seed; another seed picks other images', async () => {
    const a = await runData(spec(), 'a');
    const b = await runData(spec(), 'b');
    const c = await runData(spec('seed: 7\n'), 'c');
    const read = (d: string) => readFileSync(join(d, DATA_FILES.train.images));
    expect(read(a.dir).equals(read(b.dir))).toBe(true);
    expect(read(a.dir).equals(read(c.dir))).toBe(false);
  });

  it('loadDataset refuses files whose size disagrees with the manifest', async () => {
    const { dir } = await runData(spec(), 'cut');
    const file = join(dir, DATA_FILES.test.labels);
    writeFileSync(file, readFileSync(file).subarray(0, 49));
    expect(() => loadDataset(dir, 'test')).toThrow(ArtifactError);
    expect(() => loadDataset(dir, 'test')).toThrow(/test-labels\.u8 has 49 bytes, the manifest says 50/);
    // The manifest's checksums cover the whole artifact: a damaged file refuses every split.
    expect(() => loadDataset(dir, 'train')).toThrow(/test-labels\.u8 has 49 bytes/);
    expect(existsSync(join(root, 'artifacts/tiny/cut/data/manifest.json'))).toBe(true);
  });
});
