import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ArtifactError } from '@genlab/artifacts';
import { classCounts } from './balanced-subset';
import { MNIST_FILES, MNIST_SHA256, mnistDataDir, readMnist, readMnistSplit, readVerified } from './read-mnist';

const tmp = mkdtempSync(join(tmpdir(), 'genlab-mnist-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('readMnist', () => {
  it('reads the pinned MNIST: 60,000 + 10,000 images of 28x28 (paper 3.1)', () => {
    const m = readMnist();
    expect(m.train.count).toBe(60000);
    expect(m.test.count).toBe(10000);
    expect(m.train.images.length).toBe(60000 * 784);
    expect(m.test.labels.length).toBe(10000);
    // Well-known facts of MNIST: the first training label is 5, the test set has 980 zeros.
    expect(m.train.labels[0]).toBe(5);
    expect(classCounts(m.test.labels)).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
    expect(m.sourceSha256).toEqual(MNIST_SHA256);
  });

  it('refuses a tampered copy, naming the file, the expected and the found hash', () => {
    for (const f of Object.values(MNIST_FILES)) {
      if (f !== MNIST_FILES.testLabels) symlinkSync(join(mnistDataDir(), f), join(tmp, f));
    }
    const bytes = readFileSync(join(mnistDataDir(), MNIST_FILES.testLabels));
    bytes[100] ^= 1;
    const tampered = join(tmp, MNIST_FILES.testLabels);
    writeFileSync(tampered, bytes);
    const err = (() => {
      try {
        readMnist({ dir: tmp });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(err).toBeInstanceOf(ArtifactError);
    expect(err?.message).toContain(tampered);
    expect(err?.message).toContain(`expected ${MNIST_SHA256[MNIST_FILES.testLabels]}`);
    expect(err?.message).toMatch(/found [0-9a-f]{64}/);
    copyFileSync(join(mnistDataDir(), MNIST_FILES.testLabels), tampered);
    // The restored copy reads again; label 92 is file byte 100 (after the 8-byte header).
    expect(readMnist({ dir: tmp }).test.labels[92]).toBe(bytes[100] ^ 1);
  });

  it('reads one split from its own two files: the test split where the training files are absent', () => {
    const only = join(tmp, 'test-only');
    mkdirSync(only);
    for (const f of [MNIST_FILES.testImages, MNIST_FILES.testLabels]) symlinkSync(join(mnistDataDir(), f), join(only, f));
    const test = readMnistSplit('test', { dir: only });
    const full = readMnist().test;
    expect(test.count).toBe(10000);
    // Byte comparison: toEqual walks 7.8 million elements one by one.
    expect(Buffer.from(test.images).equals(Buffer.from(full.images))).toBe(true);
    expect(Buffer.from(test.labels).equals(Buffer.from(full.labels))).toBe(true);
    expect(() => readMnistSplit('train', { dir: only })).toThrow(`${join(only, MNIST_FILES.trainImages)}: MNIST source file is missing`);
    expect(() => readMnist({ dir: only })).toThrow(/MNIST source file is missing/);
  });

  it('names a missing source file', () => {
    expect(() => readVerified(join(tmp, 'nope'), MNIST_SHA256[MNIST_FILES.testLabels])).toThrow(/nope: MNIST source file is missing/);
  });
});
