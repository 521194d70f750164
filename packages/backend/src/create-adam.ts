// Adam whose per-variable update is one native kernel (GenlabAdam) when the active backend has
// it (the 'native' backend), and tfjs's own AdamOptimizer otherwise. Same state variables, names
// and config as tfjs's Adam, so getWeights/setWeights and saved optimiser state are unchanged.
import type { NamedTensorMap, Tensor, Variable } from '@tensorflow/tfjs';
import { ADAM_KERNEL } from './kernels/native/adam';
import { tf } from './tf';

interface AdamInternals {
  accBeta1: Variable;
  accBeta2: Variable;
  accumulatedFirstMoment: { originalName: string; variable: Variable }[];
  accumulatedSecondMoment: { originalName: string; variable: Variable }[];
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

export class FusedAdamOptimizer extends tf.AdamOptimizer {
  override applyGradients(variableGradients: Parameters<tf.AdamOptimizer['applyGradients']>[0]): void {
    if (!tf.getKernel(ADAM_KERNEL, tf.getBackend())) return super.applyGradients(variableGradients);
    const self = this as unknown as AdamInternals;
    const names = Array.isArray(variableGradients) ? variableGradients.map((v) => v.name) : Object.keys(variableGradients);
    // sub(1, accBeta) in float32, as tfjs's Adam computes it
    const oneMinusAccBeta1 = Math.fround(1 - self.accBeta1.dataSync()[0]!);
    const oneMinusAccBeta2 = Math.fround(1 - self.accBeta2.dataSync()[0]!);
    const attrs = {
      learningRate: self.learningRate,
      beta1: self.beta1,
      beta2: self.beta2,
      epsilon: self.epsilon,
      oneMinusAccBeta1,
      oneMinusAccBeta2,
    };
    tf.tidy(() => {
      names.forEach((name, i) => {
        const value = tf.engine().registeredVariables[name]!;
        self.accumulatedFirstMoment[i] ??= { originalName: `${name}/m`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
        self.accumulatedSecondMoment[i] ??= { originalName: `${name}/v`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
        const gradient = Array.isArray(variableGradients) ? variableGradients[i]!.tensor : (variableGradients as NamedTensorMap)[name];
        if (gradient == null) return;
        const m = self.accumulatedFirstMoment[i]!.variable;
        const v = self.accumulatedSecondMoment[i]!.variable;
        const [newValue, newM, newV] = tf.engine().runKernel(ADAM_KERNEL, { variable: value, m, v, gradient }, attrs) as Tensor[];
        m.assign(newM!);
        v.assign(newV!);
        value.assign(newValue!);
      });
      self.accBeta1.assign(tf.mul(self.accBeta1, self.beta1));
      self.accBeta2.assign(tf.mul(self.accBeta2, self.beta2));
    });
    this.incrementIterations();
  }
}

/** tf.train.adam, with the fused update on backends that have it. */
export function createAdam(learningRate: number, beta1?: number, beta2?: number, epsilon?: number): tf.AdamOptimizer {
  return new FusedAdamOptimizer(learningRate, beta1 ?? 0.9, beta2 ?? 0.999, epsilon);
}
