import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tf } from '@genlab/backend';
import { ArtifactError } from '@genlab/artifacts';

export const OPTIMIZER_JSON = 'optimizer.json';
export const OPTIMIZER_WEIGHTS = 'optimizer.weights.bin';

// Adam keeps beta1^t and beta2^t in private variables that getWeights() leaves out; setWeights()
// recomputes them with pow(), which can differ from the running product in the last bit. We save
// them too so a resumed run continues bit for bit.
interface AdamInternals {
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
}

interface OptimizerEntry {
  config: Record<string, unknown>;
  weights: string[];
  accBeta: [number, number];
}

/** Writes every optimiser's state (iterations, moments) to optimizer.json + one weights file. */
export async function saveOptimizers(optimizers: Record<string, tf.Optimizer>, dir: string): Promise<void> {
  const entries: Record<string, OptimizerEntry> = {};
  const named: { name: string; tensor: tf.Tensor }[] = [];
  for (const [key, opt] of Object.entries(optimizers)) {
    const weights = await opt.getWeights();
    const acc = opt as unknown as AdamInternals;
    entries[key] = {
      config: opt.getConfig() as Record<string, unknown>,
      // Prefixed so names stay unique across optimisers; order is what setWeights relies on.
      weights: weights.map((w) => `${key}::${w.name}`),
      accBeta: [acc.accBeta1.dataSync()[0], acc.accBeta2.dataSync()[0]],
    };
    named.push(...weights.map((w) => ({ name: `${key}::${w.name}`, tensor: w.tensor })));
  }
  const { data, specs } = await tf.io.encodeWeights(named);
  // saveIterations() made a fresh scalar for each optimiser; the moments are its own variables.
  tf.dispose(named.filter((w) => w.name.endsWith('::iter')).map((w) => w.tensor));
  writeFileSync(join(dir, OPTIMIZER_WEIGHTS), Buffer.from(data));
  writeFileSync(join(dir, OPTIMIZER_JSON), JSON.stringify({ format: 'genlab-optimizers-1', optimizers: entries, specs }, null, 2) + '\n');
}

/** Restores state written by saveOptimizers into fresh optimisers of the same configuration. */
export async function loadOptimizers(optimizers: Record<string, tf.Optimizer>, dir: string): Promise<void> {
  let meta: { optimizers: Record<string, OptimizerEntry>; specs: tf.io.WeightsManifestEntry[] };
  let buffer: Buffer;
  try {
    meta = JSON.parse(readFileSync(join(dir, OPTIMIZER_JSON), 'utf8'));
    buffer = readFileSync(join(dir, OPTIMIZER_WEIGHTS));
  } catch (err) {
    throw new ArtifactError(dir, `unreadable optimizer state (${(err as Error).message})`);
  }
  const arrayBuffer = buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer;
  const tensors = tf.io.decodeWeights(arrayBuffer, meta.specs);
  for (const [key, opt] of Object.entries(optimizers)) {
    const entry = meta.optimizers[key];
    if (!entry) throw new ArtifactError(dir, `optimizer state has no '${key}' (found ${Object.keys(meta.optimizers).join(', ')})`);
    const weights = entry.weights.map((name) => ({ name: name.slice(key.length + 2), tensor: tensors[name] }));
    await opt.setWeights(weights);
    const acc = opt as unknown as AdamInternals;
    tf.tidy(() => {
      acc.accBeta1.assign(tf.scalar(entry.accBeta[0]));
      acc.accBeta2.assign(tf.scalar(entry.accBeta[1]));
    });
  }
  // setWeights copied each tensor into a new variable; the decoded tensors are ours to free.
  tf.dispose(Object.values(tensors));
}
