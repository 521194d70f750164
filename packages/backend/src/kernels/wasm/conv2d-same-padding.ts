// The stock wasm Conv2D and FusedConv2D hand 'same' padding to XNNPACK as its TensorFlow-SAME
// flag, which disagrees with tfjs (and TensorFlow) for even kernel sizes with stride > 1: a
// 1x2 kernel, stride 2, on 4x4 input is off by up to 1.2 against the cpu backend. We pass the
// padding tfjs computes as explicit numbers instead, which XNNPACK applies exactly.
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import { tf } from '../../tf';

type ConvAttrs = NamedAttrMap & {
  strides: number | [number, number];
  pad: unknown;
  dilations?: number | [number, number];
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
};
type Args = { inputs: { x: TensorInfo; filter: TensorInfo }; backend: unknown; attrs: ConvAttrs };

export function withExplicitSamePadding(stock: KernelConfig): KernelConfig {
  const stockFunc = stock.kernelFunc as unknown as (args: Args) => TensorInfo;
  const kernelFunc = (args: Args): TensorInfo => {
    if (args.attrs.pad !== 'same') return stockFunc(args);
    const { x, filter } = args.inputs;
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as never,
      filter.shape as never,
      args.attrs.strides,
      args.attrs.dilations ?? 1,
      'same',
      args.attrs.dimRoundingMode,
    );
    const { top, bottom, left, right } = info.padInfo;
    const pad = [
      [0, 0],
      [top, bottom],
      [left, right],
      [0, 0],
    ];
    return stockFunc({ ...args, attrs: { ...args.attrs, pad } });
  };
  return { ...stock, kernelFunc: kernelFunc as unknown as KernelFunc };
}
