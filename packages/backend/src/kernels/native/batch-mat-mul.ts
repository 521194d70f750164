// BatchMatMul and _FusedMatMul on oneDNN's sgemm, which takes transposed operands as flags (the
// dense layers' gradients dx = dy . W^T and dW = x^T . dy need no transpose in memory). Bias and
// relu/relu6/leakyrelu/elu/sigmoid follow in one pass; prelu goes to the kernel this replaces.
import type { BatchMatMulAttrs, KernelConfig, TensorInfo, _FusedMatMulAttrs } from '@tensorflow/tfjs';
import type { NativeAddon } from '@genlab/backend-native';
import { ACTIVATIONS } from '@genlab/backend-native';
import { tf } from '../../tf';
import { allFloat32, heapAndOffsets, NativeArgs, nativeKernel, sizeOf } from './native-call';

type Inputs = { a: TensorInfo; b: TensorInfo; bias?: TensorInfo; preluActivationWeights?: TensorInfo };
type Attrs = BatchMatMulAttrs & Partial<Pick<_FusedMatMulAttrs, 'activation' | 'leakyreluAlpha'>>;

function batchMatMul(addon: NativeAddon, { inputs, backend, attrs }: NativeArgs<Inputs, Attrs>): TensorInfo | undefined {
  const { a, b, bias, preluActivationWeights } = inputs;
  const activation = ACTIVATIONS[(attrs.activation ?? 'linear') as keyof typeof ACTIVATIONS];
  if (activation === undefined || preluActivationWeights || !allFloat32(a, b, bias) || a.shape.length < 2 || b.shape.length < 2)
    return undefined;
  const [aR, aC] = a.shape.slice(-2) as [number, number];
  const [bR, bC] = b.shape.slice(-2) as [number, number];
  const [m, k] = attrs.transposeA ? [aC, aR] : [aR, aC];
  const [k2, n] = attrs.transposeB ? [bC, bR] : [bR, bC];
  if (k !== k2) throw new Error(`BatchMatMul: inner dimensions ${k} and ${k2} of shapes [${a.shape}] and [${b.shape}] differ`);
  const [leadA, leadB] = [a.shape.slice(0, -2), b.shape.slice(0, -2)];
  const [batchA, batchB] = [sizeOf(leadA), sizeOf(leadB)];
  // One batch may broadcast against the other; other broadcasts go to the fallback.
  if (batchA !== batchB && batchA !== 1 && batchB !== 1) return undefined;
  if (bias && sizeOf(bias.shape) !== n) return undefined;
  const lead = tf.backend_util.assertAndGetBroadcastShape(leadA, leadB);
  if (sizeOf(lead) !== Math.max(batchA, batchB) || m * n === 0) return undefined;
  const out = backend.makeOutput([...lead, m, n], 'float32');
  const [heap, aOff, bOff, biasOff, outOff] = heapAndOffsets(backend, a, b, bias, out);
  const dims = Int32Array.of(batchA, batchB, m, n, k, attrs.transposeA ? 1 : 0, attrs.transposeB ? 1 : 0);
  addon.batchMatMul(heap, dims, aOff!, bOff!, biasOff!, outOff!, activation, attrs.leakyreluAlpha ?? 0.2);
  return out;
}

export const nativeBatchMatMulConfig = (addon: NativeAddon, fallback?: KernelConfig): KernelConfig =>
  nativeKernel('BatchMatMul', addon, batchMatMul, fallback);
export const nativeFusedMatMulConfig = (addon: NativeAddon, fallback?: KernelConfig): KernelConfig =>
  nativeKernel('_FusedMatMul', addon, batchMatMul, fallback);
