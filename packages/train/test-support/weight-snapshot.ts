import { tf } from '@genlab/backend';

// Test support: did a training step change a network's weights? (docs/conventions.md "Tests": weights that move,
// and frozen ones that don't.)

/** Copies of every weight of `model`, to compare after a step. */
export function snapshot(model: tf.LayersModel): Float32Array[] {
  return model.getWeights().map((w) => w.dataSync().slice() as Float32Array);
}

/** Whether any weight of `model` differs from the snapshot `before`. */
export function moved(before: Float32Array[], model: tf.LayersModel): boolean {
  const after = snapshot(model);
  return before.some((b, i) => b.some((v, j) => v !== after[i][j]));
}
