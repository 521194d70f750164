import { tf } from '@genlab/backend';

// The pluggable feature extractor of docs/design.md "Evaluation without Inception weights": the
// pipeline's own MNIST classifier by default, a tfjs graph model (e.g. converted Inception) for
// a user who has the weights. Every score names the extractor's fingerprint.

export interface FeatureExtractor {
  /** Evaluator name, or `graph-model:<path>`. */
  name: string;
  /** Evaluator artifact fingerprint, or a hash of the graph model's files. */
  fingerprint: string;
  /**
   * What the scores are relative to: SHA-256 (16 hex digits) of the weights that compute them.
   * Two evaluators of the same spec trained on different thread counts round differently and
   * end with different weights, so the spec fingerprint alone does not tell their scores apart.
   */
  weights: string;
  featureDim: number;
  /** Test accuracy of the evaluator classifier; null when unknown (graph models). */
  testAccuracy?: number | null;
  /** features [count, featureDim] and class probabilities [count, classes], row-major; `onProgress(done)` after each batch. */
  extract(images: Uint8Array, count: number, onProgress?: (done: number) => void): Promise<{ features: Float32Array; probs: Float32Array }>;
  /** Releases the model's weights. */
  dispose?(): void;
}

export const EXTRACT_BATCH = 500;

/**
 * Runs `run` over `count` images in batches of EXTRACT_BATCH and concatenates its two outputs
 * ([b, featureDim] and [b, classes]). `run` gets a batch index range and returns tensors that
 * this function reads and disposes, so nothing leaks.
 */
export async function extractBatched(
  count: number,
  featureDim: number,
  classes: number,
  run: (start: number, n: number) => [tf.Tensor, tf.Tensor],
  onProgress?: (done: number) => void,
): Promise<{ features: Float32Array; probs: Float32Array }> {
  const features = new Float32Array(count * featureDim);
  const probs = new Float32Array(count * classes);
  for (let start = 0; start < count; start += EXTRACT_BATCH) {
    const n = Math.min(EXTRACT_BATCH, count - start);
    const [f, p] = run(start, n);
    try {
      features.set(await f.data(), start * featureDim);
      probs.set(await p.data(), start * classes);
    } finally {
      tf.dispose([f, p]);
    }
    onProgress?.(start + n);
  }
  return { features, probs };
}
