// Conv2DBackpropFilter on oneDNN's backward-weights convolution (filter gradients of conv and
// conv2dTranspose layers), written straight into tfjs's HWIO layout.
import type { Conv2DBackpropFilterAttrs, KernelConfig, TensorInfo } from '@tensorflow/tfjs';
import type { NativeAddon } from '@genlab/backend-native';
import { convShape } from './conv-shape';
import { allFloat32, heapAndOffsets, NativeArgs, nativeKernel } from './native-call';

type Inputs = { x: TensorInfo; dy: TensorInfo };

function conv2DBackpropFilter(
  addon: NativeAddon,
  { inputs, backend, attrs }: NativeArgs<Inputs, Conv2DBackpropFilterAttrs>,
): TensorInfo | undefined {
  const { x, dy } = inputs;
  if (!allFloat32(x, dy)) return undefined;
  const g = convShape(x.shape, attrs.filterShape, attrs.strides, attrs.pad, attrs.dimRoundingMode, attrs.dataFormat);
  if (!g) return undefined;
  const dw = backend.makeOutput([...attrs.filterShape], 'float32'); // [kH, kW, inC, outC]
  const [heap, xOff, dyOff, dwOff] = heapAndOffsets(backend, x, dy, dw);
  addon.conv2dBackpropFilter(heap, g, xOff!, dyOff!, dwOff!);
  return dw;
}

export const nativeConv2DBackpropFilterConfig = (addon: NativeAddon, fallback?: KernelConfig): KernelConfig =>
  nativeKernel('Conv2DBackpropFilter', addon, conv2DBackpropFilter, fallback);
