// One Adam step for one variable as one kernel (GenlabAdam): the new variable, first and second
// moments in a single pass over memory, instead of the dozen element-wise ops tfjs runs per
// variable. Used by FusedAdamOptimizer (../../create-adam.ts) when this kernel is registered.
import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs';
import type { NativeAddon } from '@genlab/backend-native';
import { allFloat32, heapAndOffsets, NativeArgs, nativeKernel, sizeOf } from './native-call';

export const ADAM_KERNEL = 'GenlabAdam';

export interface AdamKernelAttrs {
  [name: string]: number;
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** 1 - beta1^t and 1 - beta2^t as float32, as tfjs computes them */
  oneMinusAccBeta1: number;
  oneMinusAccBeta2: number;
}
type Inputs = { variable: TensorInfo; m: TensorInfo; v: TensorInfo; gradient: TensorInfo };

function adam(addon: NativeAddon, { inputs, backend, attrs: a }: NativeArgs<Inputs, AdamKernelAttrs>): TensorInfo[] {
  const { variable, m, v, gradient } = inputs;
  const n = sizeOf(variable.shape);
  if (!allFloat32(variable, m, v, gradient) || [m, v, gradient].some((t) => sizeOf(t.shape) !== n)) {
    throw new Error(
      `${ADAM_KERNEL}: variable, moments and gradient must be float32 of one size; got [${variable.shape}], [${m.shape}], [${v.shape}], [${gradient.shape}]`,
    );
  }
  const outs = [variable, m, v].map((t) => backend.makeOutput([...t.shape], 'float32'));
  const [heap, varOff, mOff, vOff, gOff, varOut, mOut, vOut] = heapAndOffsets(backend, variable, m, v, gradient, ...outs);
  // Float32Array rounds each constant to float32 exactly as tfjs's scalars do.
  const params = Float32Array.of(
    a.learningRate,
    a.beta1,
    1 - a.beta1,
    a.beta2,
    1 - a.beta2,
    a.epsilon,
    a.oneMinusAccBeta1,
    a.oneMinusAccBeta2,
  );
  addon.adam(heap, n, varOff!, mOff!, vOff!, gOff!, varOut!, mOut!, vOut!, params);
  return outs;
}

export const nativeAdamConfig = (addon: NativeAddon): KernelConfig => nativeKernel(ADAM_KERNEL, addon, adam);
