// Conv shapes in the terms our im2col/col2im kernels use, from tfjs's own conv arithmetic so that
// padding ('same', 'valid', explicit numbers) and rounding agree with every other backend.
import { tf } from '../tf';
import { assertBackend } from '../backend-error';

export interface ConvGeometry {
  batch: number;
  inH: number;
  inW: number;
  inC: number;
  outH: number;
  outW: number;
  outC: number;
  kH: number;
  kW: number;
  strideH: number;
  strideW: number;
  padTop: number;
  padLeft: number;
}

type Pad = 'same' | 'valid' | number | tf.backend_util.ExplicitPadding;

export function convGeometry(
  kernel: string,
  xShape: [number, number, number, number],
  filterShape: [number, number, number, number],
  strides: number | [number, number],
  pad: Pad,
  dimRoundingMode: 'floor' | 'round' | 'ceil' | undefined,
  dataFormat: 'NHWC' | 'NCHW' | undefined,
  dilations: number | [number, number] = 1,
): ConvGeometry {
  assertBackend(
    dataFormat === undefined || dataFormat === 'NHWC',
    () => `${kernel}: only NHWC (channelsLast) is supported, got dataFormat ${dataFormat}`,
  );
  const info = tf.backend_util.computeConv2DInfo(xShape, filterShape, strides, dilations, pad, dimRoundingMode, false, 'channelsLast');
  assertBackend(
    info.dilationHeight === 1 && info.dilationWidth === 1,
    () => `${kernel}: only dilation 1 is supported, got ${info.dilationHeight}x${info.dilationWidth}`,
  );
  return {
    batch: info.batchSize,
    inH: info.inHeight,
    inW: info.inWidth,
    inC: info.inChannels,
    outH: info.outHeight,
    outW: info.outWidth,
    outC: info.outChannels,
    kH: info.filterHeight,
    kW: info.filterWidth,
    strideH: info.strideHeight,
    strideW: info.strideWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
  };
}
