import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StageContext, StageResult } from '@genlab/artifacts';
import type { ExperimentSpec } from '@genlab/spec';
import { balancedSubset, classCounts } from './balanced-subset';
import { PIXELS, readMnist, type Dataset } from './read-mnist';
import { createRng, deriveSeed } from './rng';

// The `data` stage (paper section 3.1): the verified MNIST splits, optionally cut to a
// class-balanced subset (data.trainLimit / data.testLimit), written as raw uint8 files that
// every later stage scales itself (docs/artifacts.md).

export const DATA_FILES = {
  train: { images: 'train-images.u8', labels: 'train-labels.u8' },
  test: { images: 'test-images.u8', labels: 'test-labels.u8' },
} as const;

export async function runDataStage(ctx: StageContext<ExperimentSpec>): Promise<StageResult> {
  const { seed, data } = ctx.spec;
  const mnist = readMnist();
  // Independent streams per split, so changing trainLimit never changes the test subset.
  const train = subsetDataset(mnist.train, data.trainLimit, deriveSeed(seed, 'data', 'train'));
  const test = subsetDataset(mnist.test, data.testLimit, deriveSeed(seed, 'data', 'test'));
  for (const [split, ds] of [
    ['train', train],
    ['test', test],
  ] as const) {
    writeFileSync(join(ctx.outDir, DATA_FILES[split].images), ds.images);
    writeFileSync(join(ctx.outDir, DATA_FILES[split].labels), ds.labels);
  }
  const summary = (ds: Dataset) => ({ count: ds.count, classCounts: classCounts(ds.labels) });
  ctx.log.info({ train: train.count, test: test.count, scale: data.scale }, `MNIST: ${train.count} train, ${test.count} test images`);
  return {
    result: { train: summary(train), test: summary(test), scale: data.scale, sourceSha256: mnist.sourceSha256 },
  };
}

/** The whole split when `limit` is null, else the class-balanced subset in original order. */
export function subsetDataset(ds: Dataset, limit: number | null, seed: number): Dataset {
  if (limit === null || limit >= ds.count) return ds;
  const idx = balancedSubset(ds.labels, limit, createRng(seed));
  const images = new Uint8Array(idx.length * PIXELS);
  const labels = new Uint8Array(idx.length);
  idx.forEach((src, i) => {
    images.set(ds.images.subarray(src * PIXELS, (src + 1) * PIXELS), i * PIXELS);
    labels[i] = ds.labels[src];
  });
  return { images, labels, count: idx.length };
}
