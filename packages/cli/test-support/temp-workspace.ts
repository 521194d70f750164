import { cpSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '..', '..', '..');

/**
 * A throwaway genlab workspace: the repository's config and packages (copied, so Nx hashes
 * real files), node_modules linked, and only the spec files a test writes.
 */
export function makeTempWorkspace(specs: Record<string, string | Uint8Array>, opts: { packages?: boolean } = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'genlab-ws-'));
  for (const f of ['nx.json', 'package.json', 'package-lock.json', 'tsconfig.base.json']) cpSync(join(REPO_ROOT, f), join(root, f));
  if (opts.packages !== false) {
    cpSync(join(REPO_ROOT, 'packages'), join(root, 'packages'), {
      recursive: true,
      filter: (src) => !src.includes('node_modules') && !src.includes(`${'/'}.tmp`),
    });
  }
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
  mkdirSync(join(root, 'experiments'), { recursive: true });
  writeSpecs(root, specs);
  return root;
}

/** Writes `experiments/<folder>/<file>.yaml` entries, e.g. {'a/experiment.yaml': '...'}. */
export function writeSpecs(root: string, specs: Record<string, string | Uint8Array>): void {
  for (const [rel, text] of Object.entries(specs)) {
    const file = join(root, 'experiments', rel);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
}

/** A tiny GAN that trains in seconds; tests override fields with YAML appended below it. */
export const TINY_GAN = `
description: tiny GAN for tests
seed: 3
data: { trainLimit: 100, testLimit: 50 }
model:
  kind: gan
  latentDim: 8
  generator:
    - { type: dense, units: 392, activation: leakyRelu }
    - { type: reshape, targetShape: [7, 7, 8] }
    - { type: conv2dTranspose, filters: 4, kernel: 3, strides: 2, activation: leakyRelu }
    - { type: conv2dTranspose, filters: 1, kernel: 3, strides: 2, activation: tanh }
  discriminator:
    - { type: conv2d, filters: 4, kernel: 3, strides: 2, activation: leakyRelu }
    - { type: flatten }
    - { type: dense, units: 1 }
train: { epochs: 1, batchSize: 25, checkpointEvery: 1 }
sample: { count: 50, grid: 4 }
evaluate: { samples: 50, precisionRecallSamples: 50 }
`;

/** A tiny VAE (Bernoulli loss on [0, 1] pixels). */
export const TINY_VAE = `
description: tiny VAE for tests
seed: 5
data: { trainLimit: 100, testLimit: 50, scale: unit }
model:
  kind: vae
  latentDim: 2
  encoder:
    - { type: conv2d, filters: 4, kernel: 3, strides: 2, activation: leakyRelu }
    - { type: flatten }
    - { type: dense, units: 16, activation: leakyRelu }
  decoder:
    - { type: dense, units: 392, activation: leakyRelu }
    - { type: reshape, targetShape: [7, 7, 8] }
    - { type: conv2dTranspose, filters: 4, kernel: 3, strides: 2, activation: leakyRelu }
    - { type: conv2dTranspose, filters: 1, kernel: 3, strides: 2, activation: sigmoid }
train: { epochs: 2, batchSize: 25, checkpointEvery: 1 }
sample: { epochs: [1], count: 50, grid: 4, reconstructions: 4 }
evaluate: { samples: 50, precisionRecallSamples: 50, latent: { epochs: [1], points: 50 } }
`;

/** A tiny evaluator: trains in seconds; accuracy is not the point of the tests that use it. */
export const TINY_EVALUATOR = `name: evaluator
trainLimit: 500
network:
  - { type: conv2d, filters: 4, kernel: 3, strides: 2, activation: relu }
  - { type: flatten }
  - { type: dense, units: 16, activation: relu }
epochs: 1
batchSize: 50
minAccuracy: 0
`;
