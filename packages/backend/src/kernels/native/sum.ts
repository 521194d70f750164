// Sum over every axis but the last (the bias gradient of conv, conv2dTranspose and dense layers:
// [batch, h, w, c] -> [c]) with per-thread partial sums; every other Sum goes to the stock kernel.
import type { KernelConfig, SumAttrs, TensorInfo } from '@tensorflow/tfjs';
import type { NativeAddon } from '@genlab/backend-native';
import { tf } from '../../tf';
import { heapAndOffsets, NativeArgs, nativeKernel, sizeOf } from './native-call';

function sumRows(addon: NativeAddon, { inputs: { x }, backend, attrs }: NativeArgs<{ x: TensorInfo }, SumAttrs>): TensorInfo | undefined {
  const rank = x.shape.length;
  if (x.dtype !== 'float32' || rank < 2) return undefined;
  const axes = tf.util.parseAxisParam(attrs.axis, x.shape).sort((p, q) => p - q);
  if (axes.length !== rank - 1 || axes.some((axis, i) => axis !== i)) return undefined;
  const cols = x.shape[rank - 1]!;
  if (cols === 0 || sizeOf(x.shape) === 0) return undefined;
  const out = backend.makeOutput(attrs.keepDims ? [...new Array<number>(rank - 1).fill(1), cols] : [cols], 'float32');
  const [heap, xOff, outOff] = heapAndOffsets(backend, x, out);
  addon.sumRows(heap, sizeOf(x.shape) / cols, cols, xOff!, outOff!);
  return out;
}

export const nativeSumConfig = (addon: NativeAddon, stock?: KernelConfig): KernelConfig => nativeKernel('Sum', addon, sumRows, stock);
