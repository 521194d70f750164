import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { StageError } from '@genlab/artifacts';
import { tf } from '@genlab/backend';
import { readMnist } from '@genlab/data';
import { loadEvaluatorExtractor } from './evaluator-extractor';
import { runEvaluatorFixture, tinyEvaluatorSpec } from '../test-support/test-fixtures';

const root = mkdtempSync(join(tmpdir(), 'genlab-evaluator-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('runEvaluatorStage', () => {
  const dir = join(root, 'artifacts', 'tiny-evaluator', 'default', 'evaluator');

  it('trains a classifier that beats chance, saves it and records its accuracy', async () => {
    const m = await runEvaluatorFixture(root, dir, tinyEvaluatorSpec());
    expect(m.files).toEqual(expect.arrayContaining(['classifier/model.json', 'classifier/weights.bin']));
    const r = m.result as { testAccuracy: number; featureDim: number; epochs: number; trainSeconds: number; trainImages: number };
    expect(r.featureDim).toBe(16);
    expect(r.epochs).toBe(1);
    expect(r.trainImages).toBe(500);
    expect(r.testAccuracy).toBeGreaterThan(0.5); // chance is 0.1
    expect(r.trainSeconds).toBeGreaterThan(0);
    expect(m.backend?.name).toBeTruthy();
  });

  it('loads as a feature extractor: 16 features, probabilities summing to 1, no tensor leaks', async () => {
    const extractor = await loadEvaluatorExtractor(dir);
    expect(extractor.featureDim).toBe(16);
    expect(extractor.name).toBe('tiny-evaluator');
    expect(extractor.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    const { test } = readMnist();
    const before = tf.memory().numTensors;
    const { features, probs } = await extractor.extract(test.images, 600); // two batches of 500 and 100
    expect(tf.memory().numTensors).toBe(before);
    expect(features.length).toBe(600 * 16);
    expect(probs.length).toBe(600 * 10);
    for (let r = 0; r < 600; r += 97) expect(probs.subarray(r * 10, r * 10 + 10).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    // The extractor agrees with the recorded accuracy on these images (argmax of probs).
    let correct = 0;
    for (let r = 0; r < 600; r++) {
      const row = Array.from(probs.subarray(r * 10, r * 10 + 10));
      if (row.indexOf(Math.max(...row)) === test.labels[r]) correct++;
    }
    expect(correct / 600).toBeGreaterThan(0.5);
    extractor.dispose?.();
  });

  it('fails with the measured accuracy when below minAccuracy, leaving no artifact behind', async () => {
    const failDir = join(root, 'artifacts', 'strict', 'default', 'evaluator');
    const run = runEvaluatorFixture(root, failDir, tinyEvaluatorSpec({ name: 'strict', trainLimit: 100, minAccuracy: 0.999 }));
    await expect(run).rejects.toThrow(StageError);
    await expect(run).rejects.toThrow(/test accuracy \d+\.\d+% is below minAccuracy 99\.90%/);
    expect(existsSync(failDir)).toBe(false);
    expect(readdirSync(join(root, 'artifacts', 'strict', 'default'))).toEqual([]);
  });
});
