import { describe, expect, it } from 'vitest';
import { initBackend, tf } from '@genlab/backend';
import { createRng } from '@genlab/data';
import type { KindTrainer } from './kind-trainer';
import { runEpoch } from './run-epoch';

// A stop request that arrives through the event loop (a signal handler, the watch on `genlab
// run`'s pid) must reach an epoch of synchronous steps at the next step, not after the epoch.

/** A trainer whose every step holds the thread for `ms`, as a real tfjs step does. */
function busyTrainer(ms: number): KindTrainer {
  return {
    lossNames: ['loss'],
    optimizers: {},
    sampler: undefined as unknown as tf.LayersModel,
    latentDim: 1,
    step: () => {
      const until = Date.now() + ms;
      while (Date.now() < until) {
        /* busy, like a synchronous training step */
      }
      return { loss: 1 };
    },
    dispose: () => undefined,
  };
}

describe('runEpoch', () => {
  it('sees a stop requested by a timer while its steps hold the thread', async () => {
    await initBackend('cpu');
    const images = tf.zeros([40, 28, 28, 1]) as tf.Tensor4D;
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 100);
    try {
      const out = await runEpoch({
        trainer: busyTrainer(30),
        images,
        batchSize: 1,
        epoch: 1,
        rng: createRng(1),
        shouldStop: () => stop.signal.aborted,
      });
      expect(out.complete).toBe(false);
      expect(out.steps).toBeGreaterThan(0);
      expect(out.steps).toBeLessThan(40);
    } finally {
      images.dispose();
    }
  });
});
