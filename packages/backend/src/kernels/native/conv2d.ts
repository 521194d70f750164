// Conv2D and FusedConv2D on oneDNN: bias and activation (relu, relu6, leakyrelu, elu, sigmoid)
// as post-ops of the one convolution. prelu, NCHW and dilation go to the kernel this replaces.
import type { Conv2DAttrs, FusedConv2DAttrs, KernelConfig, TensorInfo } from '@tensorflow/tfjs';
import type { NativeAddon } from '@genlab/backend-native';
import { ACTIVATIONS } from '@genlab/backend-native';
import { convShape } from './conv-shape';
import { allFloat32, heapAndOffsets, NativeArgs, nativeKernel } from './native-call';

type Inputs = { x: TensorInfo; filter: TensorInfo; bias?: TensorInfo; preluActivationWeights?: TensorInfo };
type Attrs = Conv2DAttrs & Partial<Pick<FusedConv2DAttrs, 'activation' | 'leakyreluAlpha'>>;

function conv2d(addon: NativeAddon, { inputs, backend, attrs }: NativeArgs<Inputs, Attrs>): TensorInfo | undefined {
  const { x, filter, bias, preluActivationWeights } = inputs;
  const activation = ACTIVATIONS[(attrs.activation ?? 'linear') as keyof typeof ACTIVATIONS];
  if (activation === undefined || preluActivationWeights || !allFloat32(x, filter, bias)) return undefined;
  const g = convShape(x.shape, filter.shape, attrs.strides, attrs.pad, attrs.dimRoundingMode, attrs.dataFormat, attrs.dilations);
  if (!g || (bias && bias.shape.reduce((a, b) => a * b, 1) !== g[6])) return undefined;
  const y = backend.makeOutput([g[0]!, g[4]!, g[5]!, g[6]!], 'float32'); // [batch, outH, outW, outC]
  const [heap, xOff, fOff, bOff, yOff] = heapAndOffsets(backend, x, filter, bias, y);
  addon.conv2d(heap, g, xOff!, fOff!, bOff!, yOff!, activation, attrs.leakyreluAlpha ?? 0.2);
  return y;
}

export const nativeConv2DConfig = (addon: NativeAddon, fallback?: KernelConfig): KernelConfig =>
  nativeKernel('Conv2D', addon, conv2d, fallback);
export const nativeFusedConv2DConfig = (addon: NativeAddon, fallback?: KernelConfig): KernelConfig =>
  nativeKernel('FusedConv2D', addon, conv2d, fallback);
