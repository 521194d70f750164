// Square of a float32 tensor (tf.moments' squared deviations in batch normalisation) as one
// vectorised pass; other dtypes go to the stock kernel.
import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs';
import type { NativeAddon } from '@genlab/backend-native';
import { heapAndOffsets, NativeArgs, nativeKernel, sizeOf } from './native-call';

function square(addon: NativeAddon, { inputs: { x }, backend }: NativeArgs<{ x: TensorInfo }>): TensorInfo | undefined {
  if (x.dtype !== 'float32' || sizeOf(x.shape) === 0) return undefined;
  const out = backend.makeOutput([...x.shape], 'float32');
  const [heap, xOff, outOff] = heapAndOffsets(backend, x, out);
  addon.square(heap, sizeOf(x.shape), xOff!, outOff!);
  return out;
}

export const nativeSquareConfig = (addon: NativeAddon, stock?: KernelConfig): KernelConfig => nativeKernel('Square', addon, square, stock);
