// LeakyRelu forward, and its gradient as one kernel (GenlabLeakyReluGrad) instead of tfjs's
// Greater + Multiply + Select. The gradient is registered for the LeakyRelu op globally, so it
// checks that the active backend has our kernel and otherwise runs tfjs's own gradient.
import type { GradConfig, KernelConfig, LeakyReluAttrs, NamedAttrMap, Tensor, TensorInfo } from '@tensorflow/tfjs';
import type { NativeAddon } from '@genlab/backend-native';
import { tf } from '../../tf';
import { heapAndOffsets, NativeArgs, nativeKernel, sizeOf } from './native-call';

export const LEAKY_RELU_GRAD = 'GenlabLeakyReluGrad';

function leakyRelu(addon: NativeAddon, { inputs: { x }, backend, attrs }: NativeArgs<{ x: TensorInfo }, LeakyReluAttrs>): TensorInfo | undefined {
  if (x.dtype !== 'float32') return undefined;
  const out = backend.makeOutput([...x.shape], 'float32');
  const [heap, xOff, outOff] = heapAndOffsets(backend, x, out);
  addon.leakyRelu(heap, sizeOf(x.shape), xOff!, outOff!, attrs.alpha);
  return out;
}

function leakyReluGrad(addon: NativeAddon, { inputs: { dy, x }, backend, attrs }: NativeArgs<{ dy: TensorInfo; x: TensorInfo }, LeakyReluAttrs>): TensorInfo {
  const dx = backend.makeOutput([...x.shape], 'float32');
  const [heap, dyOff, xOff, dxOff] = heapAndOffsets(backend, dy, x, dx);
  addon.leakyReluGrad(heap, sizeOf(x.shape), dyOff!, xOff!, dxOff!, attrs.alpha);
  return dx;
}

export const nativeLeakyReluConfig = (addon: NativeAddon, stock?: KernelConfig): KernelConfig =>
  nativeKernel('LeakyRelu', addon, leakyRelu, stock);
export const nativeLeakyReluGradConfig = (addon: NativeAddon): KernelConfig =>
  nativeKernel(LEAKY_RELU_GRAD, addon, leakyReluGrad);

let gradientInstalled = false;

/** Routes LeakyRelu's gradient through GenlabLeakyReluGrad wherever that kernel is registered. */
export function installLeakyReluGradient(): void {
  if (gradientInstalled) return;
  const stock = tf.getGradient('LeakyRelu');
  if (!stock) return;
  const gradFunc = (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
    if (!tf.getKernel(LEAKY_RELU_GRAD, tf.getBackend()) || (dy as Tensor).dtype !== 'float32' || saved[0]!.dtype !== 'float32') {
      return stock.gradFunc(dy, saved, attrs);
    }
    const x = saved[0]!;
    return { x: () => tf.engine().runKernel(LEAKY_RELU_GRAD, { dy: dy as Tensor, x }, attrs) as Tensor };
  };
  tf.registerGradient({ ...stock, gradFunc } as GradConfig);
  gradientInstalled = true;
}
