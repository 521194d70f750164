import { tf } from '@genlab/backend';
import type { TrainSpec } from '@genlab/spec';

/** Adam from `train.optimizer` (paper 3.4: Adam, learning rate 0.0002). One per network group. */
export function createOptimizer(spec: TrainSpec['optimizer']): tf.AdamOptimizer {
  return tf.train.adam(spec.learningRate, spec.beta1, spec.beta2, spec.epsilon);
}
