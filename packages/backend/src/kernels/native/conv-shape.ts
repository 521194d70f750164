// The addon's conv geometry from tfjs's own conv arithmetic, so 'same', 'valid', explicit
// padding and rounding agree with every other backend. Undefined for what the addon does not
// take (NCHW, dilation > 1): those go to the fallback kernel.
import { tf } from '../../tf';

type Pad = 'same' | 'valid' | number | tf.backend_util.ExplicitPadding;

/** Int32Array [batch, inH, inW, inC, outH, outW, outC, kH, kW, strideH, strideW, padTop, padLeft, padBottom, padRight] */
export function convShape(
  xShape: number[],
  filterShape: number[],
  strides: number | [number, number],
  pad: Pad,
  dimRoundingMode: 'floor' | 'round' | 'ceil' | undefined,
  dataFormat: string | undefined,
  dilations: number | [number, number] = 1,
): Int32Array | undefined {
  if (dataFormat !== undefined && dataFormat !== 'NHWC') return undefined;
  const c = tf.backend_util.computeConv2DInfo(
    xShape as never,
    filterShape as never,
    strides,
    dilations,
    pad,
    dimRoundingMode,
    false,
    'channelsLast',
  );
  if (c.dilationHeight !== 1 || c.dilationWidth !== 1) return undefined;
  if (c.outHeight <= 0 || c.outWidth <= 0 || c.batchSize <= 0) return undefined;
  const p = c.padInfo;
  return Int32Array.of(
    c.batchSize,
    c.inHeight,
    c.inWidth,
    c.inChannels,
    c.outHeight,
    c.outWidth,
    c.outChannels,
    c.filterHeight,
    c.filterWidth,
    c.strideHeight,
    c.strideWidth,
    p.top,
    p.left,
    p.bottom,
    p.right,
  );
}
