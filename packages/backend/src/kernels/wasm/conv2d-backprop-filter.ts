// Filter gradient of a convolution on the wasm backend, which has no kernel for it. Main path:
// the gradient is itself a convolution, run by XNNPACK without materialising im2col. Fallback
// (when the forward conv skipped trailing rows/columns): im2col + one XNNPACK GEMM.
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { Conv2DBackpropFilterAttrs, KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { convGeometry, ConvGeometry } from '../conv-geometry';
import { im2col } from '../im2col';
import { allocF32, conv2d, f32Offset, free, gemm, heapF32, idOf, transpose2d, transposeNd } from './wasm-tensors';

type Args = { inputs: { x: TensorInfo; dy: TensorInfo }; backend: BackendWasm; attrs: Conv2DBackpropFilterAttrs };

export function conv2DBackpropFilter({ inputs, backend, attrs }: Args): TensorInfo {
  const { x, dy } = inputs;
  const g = convGeometry(
    'Conv2DBackpropFilter',
    x.shape as never,
    attrs.filterShape,
    attrs.strides,
    attrs.pad,
    attrs.dimRoundingMode,
    attrs.dataFormat,
  );
  const dw = trailingPad(g).every((p) => p >= 0) ? viaConvolution(backend, x, dy, g) : viaGemm(backend, x, dy, g);
  return { dataId: dw.dataId, shape: [...attrs.filterShape], dtype: 'float32' };
}

/** Bottom and right padding that make the gradient convolution's output exactly kH x kW. */
function trailingPad(g: ConvGeometry): [number, number] {
  return [g.kH + (g.outH - 1) * g.strideH - g.inH - g.padTop, g.kW + (g.outW - 1) * g.strideW - g.inW - g.padLeft];
}

/**
 * dW[ky, kx, ci, co] = sum over n, oy, ox of x[n, oy*s + ky - pad, ox*s + kx - pad, ci] * dy[n, oy, ox, co]:
 * a stride-1 convolution of x (input channels as batch, images as channels) with dy as an
 * Ho x Wo filter dilated by the stride. XNNPACK then streams the large operand once.
 */
function viaConvolution(backend: BackendWasm, x: TensorInfo, dy: TensorInfo, g: ConvGeometry): TensorInfo {
  const [padBottom, padRight] = trailingPad(g);
  const xT = transposeNd(backend, idOf(backend, x), x.shape, [3, 1, 2, 0]); // [inC, inH, inW, batch]
  const dyT = transposeNd(backend, idOf(backend, dy), dy.shape, [1, 2, 0, 3]); // [outH, outW, batch, outC]
  const out = conv2d(backend, idOf(backend, xT), idOf(backend, dyT), {
    batch: g.inC,
    inH: g.inH,
    inW: g.inW,
    inC: g.batch,
    fH: g.outH,
    fW: g.outW,
    outC: g.outC,
    outH: g.kH,
    outW: g.kW,
    pad: [g.padTop, padRight, padBottom, g.padLeft],
    dilation: [g.strideH, g.strideW],
    stride: [1, 1],
  }); // [inC, kH, kW, outC]
  free(backend, xT, dyT);
  const dw = transposeNd(backend, idOf(backend, out), [g.inC, g.kH, g.kW, g.outC], [1, 2, 0, 3]); // [kH, kW, inC, outC]
  free(backend, out);
  return dw;
}

function viaGemm(backend: BackendWasm, x: TensorInfo, dy: TensorInfo, g: ConvGeometry): TensorInfo {
  const m = g.batch * g.outH * g.outW; // one row per output pixel
  const k = g.kH * g.kW * g.inC; // one column per filter tap and input channel
  const cols = allocF32(backend, [m, k]);
  im2col(heapF32(backend), f32Offset(backend, x), f32Offset(backend, cols), g);
  // dW^T [outC, k] = dy^T [outC, m] . cols [m, k]: XNNPACK takes no transposed operands, and
  // transposing dy (m * outC) is far cheaper than writing cols transposed with strided reads.
  const dyT = transpose2d(backend, idOf(backend, dy), m, g.outC);
  const dwT = gemm(backend, idOf(backend, dyT), idOf(backend, cols), g.outC, m, k);
  free(backend, cols, dyT);
  const dw = transpose2d(backend, idOf(backend, dwT), g.outC, k); // [k, outC] = [kH, kW, inC, outC]
  free(backend, dwT);
  return dw;
}

export const conv2DBackpropFilterConfig: KernelConfig = {
  kernelName: 'Conv2DBackpropFilter',
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilter as unknown as KernelFunc,
};
