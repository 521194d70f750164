import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Progress, type Logger, type UpstreamArtifact } from '@genlab/artifacts';
import { tf } from '@genlab/backend';
import { toImageTensor, type PixelScale } from '@genlab/data';
import { loadNetworks } from '@genlab/models';
import { pca2d } from './pca2d';
import { checkpointDir } from './read-artifact-files';
import { umap2d } from './umap2d';

// Paper figure 2: the VAE latent space coloured by class at epochs 10, 20, 50. Each map is the
// encoder means of the same test images, projected to 2-D, one JSON file per epoch and method.

export type LatentMethod = 'pca' | 'umap';

export interface LatentMapEntry {
  epoch: number;
  method: LatentMethod;
  file: string;
}

export interface LatentMapOptions {
  train: UpstreamArtifact;
  epochs: number[];
  methods: LatentMethod[];
  /** Contiguous uint8 images (count x 784) and their labels. */
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
  scale: PixelScale;
  seed: number;
  outDir: string;
  /** Called with each epoch's encoder means ([count, latentDim]) before they are projected. */
  onMeans?: (epoch: number, means: Float32Array, latentDim: number) => void;
  /** When given, UMAP (minutes on 10,000 points) shows its progress. */
  log?: Logger;
}

/** Writes latent/epoch-XXXX-<method>.json ({epoch, method, points: [[x, y, label], ...]}) for each epoch. */
export async function writeLatentMaps(o: LatentMapOptions): Promise<LatentMapEntry[]> {
  const entries: LatentMapEntry[] = [];
  mkdirSync(join(o.outDir, 'latent'), { recursive: true });
  for (const epoch of o.epochs) {
    const { encoder } = await loadNetworks(checkpointDir(o.train, epoch), ['encoder']);
    let means: Float32Array, latentDim: number;
    try {
      ({ means, latentDim } = encodeMeans(encoder, o.images, o.count, o.scale));
    } finally {
      encoder.dispose();
    }
    o.onMeans?.(epoch, means, latentDim);
    // PCA always (deterministic); UMAP when asked for (seeded, slower).
    const methods: LatentMethod[] = ['pca', ...o.methods.filter((m) => m !== 'pca')];
    for (const method of methods) {
      const xy = method === 'pca' ? pca2d(means, o.count, latentDim) : umapWithProgress(means, o.count, latentDim, o, epoch);
      const file = `latent/epoch-${String(epoch).padStart(4, '0')}-${method}.json`;
      const points = Array.from({ length: o.count }, (_, i) => [round(xy[2 * i]), round(xy[2 * i + 1]), o.labels[i]]);
      writeFileSync(join(o.outDir, file), JSON.stringify({ epoch, method, points }) + '\n');
      entries.push({ epoch, method, file });
    }
  }
  return entries;
}

function umapWithProgress(means: Float32Array, count: number, latentDim: number, o: LatentMapOptions, epoch: number): Float32Array {
  let progress: Progress | undefined;
  const log = o.log;
  const onEpoch = log
    ? (done: number, total: number) =>
        (progress ??= new Progress({ label: `UMAP of epoch-${epoch} latents`, total, unit: 'iterations', log })).update(done)
    : undefined;
  try {
    return umap2d(means, count, latentDim, o.seed, { onEpoch });
  } finally {
    progress?.end();
  }
}

/** Encoder means (z_mean, the first output) of `count` images, [count, latentDim] row-major. */
export function encodeMeans(
  encoder: tf.LayersModel,
  images: Uint8Array,
  count: number,
  scale: PixelScale,
  batchSize = 500,
): { means: Float32Array; latentDim: number } {
  const shape = encoder.outputs[0].shape;
  const latentDim = shape[shape.length - 1] as number;
  const means = new Float32Array(count * latentDim);
  for (let start = 0; start < count; start += batchSize) {
    const n = Math.min(batchSize, count - start);
    const batch = tf.tidy(() => {
      const outs = encoder.predict(toImageTensor(images, n, scale, start));
      return (Array.isArray(outs) ? outs[0] : outs).dataSync() as Float32Array; // [n, latentDim]
    });
    means.set(batch, start * latentDim);
  }
  return { means, latentDim };
}

/** 5 significant digits are plenty for a scatter plot and keep the files small. */
function round(v: number): number {
  return Number(v.toPrecision(5));
}
