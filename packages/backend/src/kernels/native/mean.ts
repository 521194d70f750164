// Mean over every axis but the last (tf.moments in batch normalisation: [batch, h, w, c] -> [c])
// without wasm's transpose of NHWC, and its gradient as one broadcast kernel (GenlabMeanGrad)
// instead of tfjs's ones(x.shape), broadcast Multiply and RealDiv. Every other Mean goes to the
// stock kernel; the gradient is registered for Mean globally and runs tfjs's own wherever our
// kernel is not registered or the reduction is another one.
import type { KernelConfig, MeanAttrs, Tensor, TensorInfo } from '@tensorflow/tfjs';
import type { NativeAddon } from '@genlab/backend-native';
import { tf } from '../../tf';
import { heapAndOffsets, NativeArgs, nativeKernel, sizeOf } from './native-call';
import { installNativeGradient } from './native-gradient';

export const MEAN_GRAD = 'GenlabMeanGrad';

/** True when `axis` of a tensor of `shape` is every axis but the last, in any order. */
function reducesLeadingAxes(shape: number[], axis: number | number[]): boolean {
  const rank = shape.length;
  if (rank < 2 || shape[rank - 1] === 0 || sizeOf(shape) === 0) return false;
  const axes = tf.util.parseAxisParam(axis, shape).sort((p, q) => p - q);
  return axes.length === rank - 1 && axes.every((a, i) => a === i);
}

function meanRows(addon: NativeAddon, { inputs: { x }, backend, attrs }: NativeArgs<{ x: TensorInfo }, MeanAttrs>): TensorInfo | undefined {
  if (x.dtype !== 'float32' || !reducesLeadingAxes([...x.shape], attrs.axis)) return undefined;
  const rank = x.shape.length;
  const cols = x.shape[rank - 1]!;
  const out = backend.makeOutput(attrs.keepDims ? [...new Array<number>(rank - 1).fill(1), cols] : [cols], 'float32');
  const [heap, xOff, outOff] = heapAndOffsets(backend, x, out);
  addon.meanRows(heap, sizeOf(x.shape) / cols, cols, xOff!, outOff!);
  return out;
}

/** dx [..., c] = dy [c] / rows; attrs.shape is x's shape. */
function meanRowsGrad(
  addon: NativeAddon,
  { inputs: { dy }, backend, attrs }: NativeArgs<{ dy: TensorInfo }, { shape: number[] }>,
): TensorInfo {
  const cols = attrs.shape[attrs.shape.length - 1]!;
  const dx = backend.makeOutput([...attrs.shape], 'float32');
  const [heap, dyOff, dxOff] = heapAndOffsets(backend, dy, dx);
  addon.meanRowsGrad(heap, sizeOf(attrs.shape) / cols, cols, dyOff!, dxOff!);
  return dx;
}

export const nativeMeanConfig = (addon: NativeAddon, stock?: KernelConfig): KernelConfig => nativeKernel('Mean', addon, meanRows, stock);
export const nativeMeanGradConfig = (addon: NativeAddon): KernelConfig => nativeKernel(MEAN_GRAD, addon, meanRowsGrad);

/** Routes Mean's gradient through GenlabMeanGrad wherever that kernel is registered and takes the reduction. */
export function installMeanGradient(): void {
  installNativeGradient('Mean', MEAN_GRAD, (dy, [x], attrs) =>
    !reducesLeadingAxes([...x!.shape], (attrs as unknown as MeanAttrs).axis)
      ? undefined
      : { x: () => tf.engine().runKernel(MEAN_GRAD, { dy }, { shape: [...x!.shape] }) as Tensor },
  );
}
