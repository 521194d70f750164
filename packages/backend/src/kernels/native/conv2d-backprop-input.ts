// Conv2DBackpropInput on oneDNN's backward-data convolution: the input gradient of a conv and
// the forward pass of conv2dTranspose (the generator's and decoder's upsampling layers).
import type { Conv2DBackpropInputAttrs, KernelConfig, TensorInfo } from '@tensorflow/tfjs';
import type { NativeAddon } from '@genlab/backend-native';
import { convShape } from './conv-shape';
import { allFloat32, heapAndOffsets, NativeArgs, nativeKernel } from './native-call';

type Inputs = { dy: TensorInfo; filter: TensorInfo };

function conv2DBackpropInput(
  addon: NativeAddon,
  { inputs, backend, attrs }: NativeArgs<Inputs, Conv2DBackpropInputAttrs>,
): TensorInfo | undefined {
  const { dy, filter } = inputs;
  if (!allFloat32(dy, filter)) return undefined;
  const g = convShape(attrs.inputShape, filter.shape, attrs.strides, attrs.pad, attrs.dimRoundingMode, attrs.dataFormat);
  if (!g) return undefined;
  const dx = backend.makeOutput([...attrs.inputShape], 'float32'); // [batch, inH, inW, inC]
  const [heap, dyOff, fOff, dxOff] = heapAndOffsets(backend, dy, filter, dx);
  addon.conv2dBackpropInput(heap, g, dyOff!, fOff!, dxOff!);
  return dx;
}

export const nativeConv2DBackpropInputConfig = (addon: NativeAddon, fallback?: KernelConfig): KernelConfig =>
  nativeKernel('Conv2DBackpropInput', addon, conv2DBackpropInput, fallback);
