import { createAdam, tf } from '@genlab/backend';
import type { TrainSpec } from '@genlab/spec';

/**
 * Adam from `train.optimizer` (paper 3.4: Adam, learning rate 0.0002). One per network group.
 * On the native backend each variable's update is one fused kernel; elsewhere it is tfjs's Adam.
 * Both keep the same state, so checkpoints move between backends.
 */
export function createOptimizer(spec: TrainSpec['optimizer']): tf.AdamOptimizer {
  return createAdam(spec.learningRate, spec.beta1, spec.beta2, spec.epsilon);
}
