// LeakyRelu forward, and its gradient as one kernel (GenlabLeakyReluGrad) instead of tfjs's
// Greater + Multiply + Select. The gradient is registered for the LeakyRelu op globally, so it
// checks that the active backend has our kernel and otherwise runs tfjs's own gradient.
import type { KernelConfig, LeakyReluAttrs, Tensor, TensorInfo } from '@tensorflow/tfjs';
import type { NativeAddon } from '@genlab/backend-native';
import { tf } from '../../tf';
import { heapAndOffsets, NativeArgs, nativeKernel, sizeOf } from './native-call';
import { installNativeGradient } from './native-gradient';

export const LEAKY_RELU_GRAD = 'GenlabLeakyReluGrad';

function leakyRelu(
  addon: NativeAddon,
  { inputs: { x }, backend, attrs }: NativeArgs<{ x: TensorInfo }, LeakyReluAttrs>,
): TensorInfo | undefined {
  if (x.dtype !== 'float32') return undefined;
  const out = backend.makeOutput([...x.shape], 'float32');
  const [heap, xOff, outOff] = heapAndOffsets(backend, x, out);
  addon.leakyRelu(heap, sizeOf(x.shape), xOff!, outOff!, attrs.alpha);
  return out;
}

function leakyReluGrad(
  addon: NativeAddon,
  { inputs: { dy, x }, backend, attrs }: NativeArgs<{ dy: TensorInfo; x: TensorInfo }, LeakyReluAttrs>,
): TensorInfo {
  const dx = backend.makeOutput([...x.shape], 'float32');
  const [heap, dyOff, xOff, dxOff] = heapAndOffsets(backend, dy, x, dx);
  addon.leakyReluGrad(heap, sizeOf(x.shape), dyOff!, xOff!, dxOff!, attrs.alpha);
  return dx;
}

export const nativeLeakyReluConfig = (addon: NativeAddon, stock?: KernelConfig): KernelConfig =>
  nativeKernel('LeakyRelu', addon, leakyRelu, stock);
export const nativeLeakyReluGradConfig = (addon: NativeAddon): KernelConfig => nativeKernel(LEAKY_RELU_GRAD, addon, leakyReluGrad);

/** Routes LeakyRelu's gradient through GenlabLeakyReluGrad wherever that kernel is registered. */
export function installLeakyReluGradient(): void {
  installNativeGradient('LeakyRelu', LEAKY_RELU_GRAD, (dy, [x], attrs) =>
    x!.dtype !== 'float32' ? undefined : { x: () => tf.engine().runKernel(LEAKY_RELU_GRAD, { dy, x: x! }, attrs) as Tensor },
  );
}
