import { tf } from '@genlab/backend';
import { StageError, yieldToEventLoop } from '@genlab/artifacts';
import type { Rng } from '@genlab/data';
import type { KindTrainer } from './kind-trainer';

export interface EpochInput {
  trainer: KindTrainer;
  /** The whole training set [count, 28, 28, 1] at data.scale. */
  images: tf.Tensor4D;
  batchSize: number;
  epoch: number;
  rng: Rng;
  /** Checked before every step: when true, the epoch stops at that step boundary. */
  shouldStop?: () => boolean;
  onStep?: (step: number, losses: Record<string, number>) => void;
}

export interface EpochOutput {
  steps: number;
  /** Mean of each loss over the epoch's steps. */
  means: Record<string, number>;
  /** False when shouldStop() ended the epoch early. */
  complete: boolean;
}

/**
 * One pass over the training set in a fresh seeded order (the last batch may be smaller).
 * A NaN or infinite loss is a StageError naming the epoch and step. Between steps it lets the
 * event loop run, so a signal (Ctrl-C, SIGTERM, `genlab run` gone) stops it at the next step.
 */
export async function runEpoch(e: EpochInput): Promise<EpochOutput> {
  const count = e.images.shape[0];
  const order = e.rng.shuffle(Int32Array.from({ length: count }, (_, i) => i));
  const steps = Math.ceil(count / e.batchSize);
  const sums: Record<string, number> = Object.fromEntries(e.trainer.lossNames.map((n) => [n, 0]));
  for (let s = 0; s < steps; s++) {
    await yieldToEventLoop();
    if (e.shouldStop?.()) return { steps: s, means: divide(sums, s), complete: false };
    const idx = order.subarray(s * e.batchSize, Math.min((s + 1) * e.batchSize, count));
    const batch = tf.tidy(() => tf.gather(e.images, tf.tensor1d(idx, 'int32'))) as tf.Tensor4D; // [batch, 28, 28, 1]
    let losses: Record<string, number>;
    try {
      losses = e.trainer.step(batch, e.rng);
    } finally {
      batch.dispose();
    }
    for (const [name, v] of Object.entries(losses)) {
      if (!Number.isFinite(v)) {
        throw new StageError(
          `${name} became ${v} at epoch ${e.epoch}, step ${s + 1} of ${steps}; training stopped (try a lower train.optimizer.learningRate)`,
        );
      }
      sums[name] += v;
    }
    e.onStep?.(s + 1, losses);
  }
  return { steps, means: divide(sums, steps), complete: true };
}

function divide(sums: Record<string, number>, n: number): Record<string, number> {
  return Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, n > 0 ? v / n : NaN]));
}
