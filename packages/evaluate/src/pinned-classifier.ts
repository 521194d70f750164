import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { StageError } from '@genlab/artifacts';
import type { tf } from '@genlab/backend';
import { loadNetworks, MODEL_FILE, WEIGHTS_FILE } from '@genlab/models';
import type { EvaluatorSpec } from '@genlab/spec';
import { buildClassifier, CLASSIFIER_NETWORK } from './build-classifier';

type Pinned = NonNullable<EvaluatorSpec['pinned']>;

/**
 * The classifier of an evaluator with `pinned` weights: checks that weights.bin has the SHA-256
 * the spec names and that the weights fit the spec's network, then returns the model (the
 * caller disposes it). A published classifier makes classifier-FID comparable across machines:
 * one trained here at another thread count rounds differently and is another feature space.
 */
export async function loadPinnedClassifier(root: string, spec: EvaluatorSpec & { pinned: Pinned }): Promise<tf.LayersModel> {
  const folder = pinnedFolder(root, spec.pinned);
  const weightsFile = join(folder, WEIGHTS_FILE);
  for (const f of [join(folder, MODEL_FILE), weightsFile]) {
    if (!existsSync(f))
      throw new StageError(`pinned.weights: ${relative(root, f)} is missing (expected a classifier saved as model.json and weights.bin)`);
  }
  const sha256 = createHash('sha256').update(readFileSync(weightsFile)).digest('hex');
  if (sha256 !== spec.pinned.sha256) {
    throw new StageError(
      `pinned.sha256: ${relative(root, weightsFile)} has SHA-256 ${sha256}, the spec names ${spec.pinned.sha256}; these are other weights`,
    );
  }
  const loaded = (await loadNetworks(dirname(folder), [basename(folder)]))[basename(folder)]!;
  // Rebuilding from the spec and copying the weights in proves the two describe one network.
  const model = buildClassifier(spec.network, spec.seed);
  try {
    model.setWeights(loaded.getWeights());
  } catch (err) {
    model.dispose();
    throw new StageError(`pinned.weights: ${relative(root, folder)} does not fit the network in the spec: ${(err as Error).message}`);
  } finally {
    loaded.dispose();
  }
  return model;
}

/** Copies the pinned files byte for byte, so the artifact's weights keep the pinned hash. */
export function copyPinnedClassifier(root: string, pinned: Pinned, outDir: string): void {
  const folder = pinnedFolder(root, pinned);
  const dest = join(outDir, CLASSIFIER_NETWORK);
  mkdirSync(dest, { recursive: true });
  for (const f of [MODEL_FILE, WEIGHTS_FILE]) copyFileSync(join(folder, f), join(dest, f));
}

function pinnedFolder(root: string, pinned: Pinned): string {
  const folder = resolve(root, pinned.weights);
  const inside = relative(root, folder);
  if (isAbsolute(pinned.weights) || inside.startsWith('..') || isAbsolute(inside)) {
    throw new StageError(`pinned.weights: '${pinned.weights}' is outside the workspace; give a folder relative to it`);
  }
  return folder;
}
