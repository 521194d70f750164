// Input gradient of a convolution (also the forward pass of conv2dTranspose) on the wasm backend,
// replacing its naive 7-deep loop. Main path: one stride-1 XNNPACK convolution per stride phase
// (stride-phases.ts), so no FLOP is spent on inserted zeros and nothing is scatter-added.
// Fallback (phases that would need cropping): cols = dy . W^T as one XNNPACK GEMM, then col2im.
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { Conv2DBackpropInputAttrs, KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { col2im } from '../col2im';
import { convGeometry, ConvGeometry } from '../conv-geometry';
import { phasesFitXnn, StridePhase, stridePhases } from '../stride-phases';
import { allocF32, conv2d, f32Offset, free, gemm, heapF32, idOf, transpose2d, transposeNd } from './wasm-tensors';

type Args = { inputs: { dy: TensorInfo; filter: TensorInfo }; backend: BackendWasm; attrs: Conv2DBackpropInputAttrs };

export function conv2DBackpropInput({ inputs, backend, attrs }: Args): TensorInfo {
  const { dy, filter } = inputs;
  const g = convGeometry(
    'Conv2DBackpropInput',
    attrs.inputShape,
    filter.shape as never,
    attrs.strides,
    attrs.pad,
    attrs.dimRoundingMode,
    attrs.dataFormat,
  );
  const rows = stridePhases(g.inH, g.outH, g.kH, g.strideH, g.padTop);
  const cols = stridePhases(g.inW, g.outW, g.kW, g.strideW, g.padLeft);
  const dx = allocF32(backend, [...attrs.inputShape]); // [batch, inH, inW, inC]
  if (phasesFitXnn(rows) && phasesFitXnn(cols)) viaPhases(backend, dy, filter, g, rows, cols, dx);
  else viaGemm(backend, dy, filter, g, dx);
  return dx;
}

function viaPhases(
  be: BackendWasm,
  dy: TensorInfo,
  filter: TensorInfo,
  g: ConvGeometry,
  rows: StridePhase[],
  cols: StridePhase[],
  dx: TensorInfo,
): void {
  // Some input positions meet no tap at all when the kernel is smaller than the stride.
  if (rows.some((p) => p.taps === 0 && p.count > 0) || cols.some((p) => p.taps === 0 && p.count > 0)) {
    heapF32(be).fill(0, f32Offset(be, dx), f32Offset(be, dx) + g.batch * g.inH * g.inW * g.inC);
  }
  const wT = transposeNd(be, idOf(be, filter), [g.kH, g.kW, g.inC, g.outC], [0, 1, 3, 2]); // [kH, kW, outC, inC]
  for (const ph of rows) {
    for (const pw of cols) {
      if (ph.count <= 0 || pw.count <= 0 || ph.taps === 0 || pw.taps === 0) continue;
      const sub = phaseFilter(be, wT, g, ph, pw); // [ph.taps, pw.taps, outC, inC]
      const out = conv2d(be, idOf(be, dy), idOf(be, sub), {
        batch: g.batch,
        inH: g.outH,
        inW: g.outW,
        inC: g.outC,
        fH: ph.taps,
        fW: pw.taps,
        outC: g.inC,
        outH: ph.count,
        outW: pw.count,
        pad: [ph.padBefore, pw.padAfter, ph.padAfter, pw.padBefore],
        dilation: [1, 1],
        stride: [1, 1],
      }); // [batch, ph.count, pw.count, inC]
      scatterPhase(heapF32(be), f32Offset(be, out), f32Offset(be, dx), g, ph, pw);
      free(be, sub, out);
    }
  }
  free(be, wT);
}

/** The phase's taps, flipped: sub[j, i] = W[rH + sH * (tapsH - 1 - j), rW + sW * (tapsW - 1 - i)]. */
function phaseFilter(be: BackendWasm, wT: TensorInfo, g: ConvGeometry, ph: StridePhase, pw: StridePhase): TensorInfo {
  const block = g.outC * g.inC;
  const sub = allocF32(be, [ph.taps, pw.taps, g.outC, g.inC]);
  const heap = heapF32(be);
  const [src0, dst0] = [f32Offset(be, wT), f32Offset(be, sub)];
  for (let j = 0; j < ph.taps; j++) {
    const ky = ph.r + g.strideH * (ph.taps - 1 - j);
    for (let i = 0; i < pw.taps; i++) {
      const kx = pw.r + g.strideW * (pw.taps - 1 - i);
      const src = src0 + (ky * g.kW + kx) * block;
      heap.copyWithin(dst0 + (j * pw.taps + i) * block, src, src + block);
    }
  }
  return sub;
}

/** Writes the phase's outputs to their input positions iy = (q0 + t) * stride + r - pad. */
function scatterPhase(heap: Float32Array, outOff: number, dxOff: number, g: ConvGeometry, ph: StridePhase, pw: StridePhase): void {
  const c = g.inC;
  let src = outOff;
  for (let n = 0; n < g.batch; n++) {
    for (let t = 0; t < ph.count; t++) {
      const iy = (ph.q0 + t) * g.strideH + ph.r - g.padTop;
      let dst = dxOff + ((n * g.inH + iy) * g.inW + pw.q0 * g.strideW + pw.r - g.padLeft) * c;
      for (let u = 0; u < pw.count; u++, src += c, dst += g.strideW * c) {
        if (c === 1) heap[dst] = heap[src]!;
        else heap.copyWithin(dst, src, src + c);
      }
    }
  }
}

function viaGemm(be: BackendWasm, dy: TensorInfo, filter: TensorInfo, g: ConvGeometry, dx: TensorInfo): void {
  const m = g.batch * g.outH * g.outW;
  const k = g.kH * g.kW * g.inC;
  // The filter [kH, kW, inC, outC] is W [k, outC]; XNNPACK wants B untransposed, so W^T [outC, k].
  const wT = transpose2d(be, idOf(be, filter), k, g.outC);
  const cols = gemm(be, idOf(be, dy), idOf(be, wT), m, g.outC, k); // [m, k]
  free(be, wT);
  col2im(heapF32(be), f32Offset(be, cols), f32Offset(be, dx), g);
  free(be, cols);
}

export const conv2DBackpropInputConfig: KernelConfig = {
  kernelName: 'Conv2DBackpropInput',
  backendName: 'wasm',
  kernelFunc: conv2DBackpropInput as unknown as KernelFunc,
};
