// Add where one side is a bias along the last axis (tfjs-layers' biasAdd after conv2dTranspose:
// [batch, h, w, c] + [1, 1, 1, c]) in one pass; every other Add goes to the stock kernel.
import type { BinaryInputs, KernelConfig, TensorInfo } from '@tensorflow/tfjs';
import type { NativeAddon } from '@genlab/backend-native';
import { allFloat32, heapAndOffsets, NativeArgs, nativeKernel, sizeOf } from './native-call';

/** True when `bias` is [..1, c] against `x` [..., c] with more than one row. */
export function isBiasOf(x: TensorInfo, bias: TensorInfo): boolean {
  const c = x.shape[x.shape.length - 1];
  return (
    x.shape.length >= 2 &&
    bias.shape.length <= x.shape.length &&
    sizeOf(bias.shape) === c &&
    bias.shape[bias.shape.length - 1] === c &&
    sizeOf(x.shape) > c
  );
}

function biasAdd(addon: NativeAddon, { inputs, backend }: NativeArgs<BinaryInputs>): TensorInfo | undefined {
  const { a, b } = inputs as { a: TensorInfo; b: TensorInfo };
  if (!allFloat32(a, b)) return undefined;
  const [x, bias] = isBiasOf(a, b) ? [a, b] : isBiasOf(b, a) ? [b, a] : [undefined, undefined];
  if (!x || !bias) return undefined;
  const cols = x.shape[x.shape.length - 1]!;
  const out = backend.makeOutput([...x.shape], 'float32');
  const [heap, xOff, bOff, outOff] = heapAndOffsets(backend, x, bias, out);
  addon.biasAdd(heap, sizeOf(x.shape) / cols, cols, xOff!, bOff!, outOff!);
  return out;
}

export const nativeBiasAddConfig = (addon: NativeAddon, stock?: KernelConfig): KernelConfig => nativeKernel('Add', addon, biasAdd, stock);
