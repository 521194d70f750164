// Sub of a vector along the last axis (tf.moments in batch normalisation: x [batch, h, w, c] -
// mean [1, 1, 1, c]) in one pass; every other Sub (the vector first, other broadcasts, int32)
// goes to the stock kernel.
import type { BinaryInputs, KernelConfig, TensorInfo } from '@tensorflow/tfjs';
import type { NativeAddon } from '@genlab/backend-native';
import { isBiasOf } from './bias-add';
import { allFloat32, heapAndOffsets, NativeArgs, nativeKernel, sizeOf } from './native-call';

function subRowVector(addon: NativeAddon, { inputs, backend }: NativeArgs<BinaryInputs>): TensorInfo | undefined {
  const { a: x, b: v } = inputs as { a: TensorInfo; b: TensorInfo };
  if (!allFloat32(x, v) || !isBiasOf(x, v)) return undefined;
  const cols = x.shape[x.shape.length - 1]!;
  const out = backend.makeOutput([...x.shape], 'float32');
  const [heap, xOff, vOff, outOff] = heapAndOffsets(backend, x, v, out);
  addon.subRowVector(heap, sizeOf(x.shape) / cols, cols, xOff!, vOff!, outOff!);
  return out;
}

export const nativeSubConfig = (addon: NativeAddon, stock?: KernelConfig): KernelConfig => nativeKernel('Sub', addon, subRowVector, stock);
