import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tf, initBackend } from '@genlab/backend';
import { ArtifactError } from '@genlab/artifacts';
import { tempRoot } from '../test-support/stage-fixture';
import { loadOptimizers, saveOptimizers } from './optimizer-state';

beforeAll(async () => {
  await initBackend('auto');
});

/** A quadratic bowl over two variables: enough for Adam to build non-trivial moments. */
function problem(seed: number) {
  const w = tf.variable(tf.randomNormal([3, 2], 0, 1, 'float32', seed));
  const b = tf.variable(tf.randomNormal([2], 0, 1, 'float32', seed + 1));
  const loss = () => tf.tidy(() => tf.sum(tf.square(tf.add(tf.matMul(tf.ones([1, 3]), w), b))) as tf.Scalar);
  return { w, b, loss };
}

describe('saveOptimizers / loadOptimizers', () => {
  it('restores Adam so that the next steps are bit-identical to an uninterrupted run', async () => {
    const dir = tempRoot('genlab-opt-');
    const a = problem(1);
    const optA = tf.train.adam(0.05, 0.5, 0.999, 1e-7);
    for (let i = 0; i < 5; i++) optA.minimize(a.loss, false, [a.w, a.b]);
    await saveOptimizers({ main: optA }, dir);
    // A second process would rebuild the variables from the checkpoint's weights.
    const b = { w: tf.variable(a.w.clone()), b: tf.variable(a.b.clone()) };
    const lossB = () => tf.tidy(() => tf.sum(tf.square(tf.add(tf.matMul(tf.ones([1, 3]), b.w), b.b))) as tf.Scalar);
    const optB = tf.train.adam(0.05, 0.5, 0.999, 1e-7);
    const before = tf.memory().numTensors;
    await loadOptimizers({ main: optB }, dir);
    expect(tf.memory().numTensors - before).toBe(2 + 2 + 0); // two moments per variable, nothing leaked
    expect(optB.iterations).toBe(5);
    for (let i = 0; i < 5; i++) {
      optA.minimize(a.loss, false, [a.w, a.b]);
      optB.minimize(lossB, false, [b.w, b.b]);
    }
    expect(Array.from(b.w.dataSync())).toEqual(Array.from(a.w.dataSync()));
    expect(Array.from(b.b.dataSync())).toEqual(Array.from(a.b.dataSync()));
    tf.dispose([a.w, a.b, b.w, b.b]);
    optA.dispose();
    optB.dispose();
  });

  it('names a missing optimiser or missing files as an ArtifactError', async () => {
    const dir = tempRoot('genlab-opt-');
    await expect(loadOptimizers({ main: tf.train.adam(0.1) }, dir)).rejects.toThrow(ArtifactError);
    const opt = tf.train.adam(0.1);
    await saveOptimizers({ generator: opt }, dir);
    await expect(loadOptimizers({ discriminator: tf.train.adam(0.1) }, dir)).rejects.toThrow(/no 'discriminator' \(found generator\)/);
    opt.dispose();
  });
});
