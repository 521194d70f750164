// Raw access to the wasm backend's heap and to two of its exported C functions (XNNPACK GEMM via
// BatchMatMul, and Transpose), so our kernels can work on tensor memory without copies.
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { TensorInfo } from '@tensorflow/tfjs';

type Cwrapped = (...args: unknown[]) => void;
interface WasmFns {
  batchMatMul: Cwrapped;
  transpose: Cwrapped;
  conv2d: Cwrapped;
}

const fnsByModule = new WeakMap<object, WasmFns>();

function fns(backend: BackendWasm): WasmFns {
  let f = fnsByModule.get(backend.wasm);
  if (!f) {
    const cwrap = (backend.wasm as unknown as { cwrap: (n: string, r: null, a: string[]) => Cwrapped }).cwrap;
    f = {
      // (a_id, a_shape, a_rank, b_id, b_shape, b_rank, transpose_a, transpose_b, out_id)
      batchMatMul: cwrap('BatchMatMul', null, ['number', 'array', 'number', 'number', 'array', 'number', 'number', 'number', 'number']),
      // (x_id, x_shape, x_rank, dtype, out_id, perm, perm_len)
      transpose: cwrap('Transpose', null, ['number', 'array', 'number', 'number', 'number', 'array', 'number']),
      // (x_id, batch, in_h, in_w, filter_id, f_h, f_w, pad_top, pad_right, pad_bottom, pad_left,
      //  is_same_pad, dilation_h, dilation_w, stride_h, stride_w, in_c, out_c, out_id)
      conv2d: cwrap('Conv2D', null, new Array<string>(19).fill('number')),
    };
    fnsByModule.set(backend.wasm, f);
  }
  return f;
}

/** The backend's tensor id (what the C side knows a tensor by). */
export function idOf(backend: BackendWasm, t: TensorInfo): number {
  return backend.dataIdMap.get(t.dataId)!.id;
}

/** Offset of a tensor's first float in HEAPF32. */
export function f32Offset(backend: BackendWasm, t: TensorInfo): number {
  return backend.dataIdMap.get(t.dataId)!.memoryOffset >>> 2;
}

/** The current HEAPF32 view; fetch it after every allocation, as the heap may have grown. */
export function heapF32(backend: BackendWasm): Float32Array {
  return (backend.wasm as unknown as { HEAPF32: Float32Array }).HEAPF32;
}

export function allocF32(backend: BackendWasm, shape: number[]): TensorInfo {
  return backend.makeOutput(shape, 'float32');
}

export function free(backend: BackendWasm, ...ts: TensorInfo[]): void {
  for (const t of ts) backend.disposeData(t.dataId);
}

const bytes = (xs: number[]): Uint8Array => new Uint8Array(new Int32Array(xs).buffer);

/** out[m, n] = sum_k a[m, k] * b[k, n] with XNNPACK; a is [m, k] and b is [k, n], row-major. */
export function gemm(backend: BackendWasm, aId: number, bId: number, m: number, k: number, n: number): TensorInfo {
  const out = allocF32(backend, [m, n]);
  // Only untransposed, batch-1 operands take XNNPACK's path; everything else is a naive loop.
  fns(backend).batchMatMul(aId, bytes([1, m, k]), 3, bId, bytes([1, k, n]), 3, 0, 0, idOf(backend, out));
  return out;
}

/** [rows, cols] -> [cols, rows] with the backend's Transpose. */
export function transpose2d(backend: BackendWasm, xId: number, rows: number, cols: number): TensorInfo {
  return transposeNd(backend, xId, [rows, cols], [1, 0]);
}

/** out.shape[i] = shape[perm[i]], with the backend's Transpose. */
export function transposeNd(backend: BackendWasm, xId: number, shape: number[], perm: number[]): TensorInfo {
  const out = allocF32(
    backend,
    perm.map((p) => shape[p]!),
  );
  fns(backend).transpose(xId, bytes(shape), shape.length, 0 /* float32 */, idOf(backend, out), bytes(perm), perm.length);
  return out;
}

export interface Conv2dCall {
  batch: number;
  inH: number;
  inW: number;
  inC: number;
  fH: number;
  fW: number;
  outC: number;
  outH: number;
  outW: number;
  pad: [top: number, right: number, bottom: number, left: number];
  dilation: [number, number];
  stride: [number, number];
}

/** XNNPACK convolution, NHWC input [batch, inH, inW, inC], filter [fH, fW, inC, outC]. */
export function conv2d(backend: BackendWasm, xId: number, filterId: number, c: Conv2dCall): TensorInfo {
  const out = allocF32(backend, [c.batch, c.outH, c.outW, c.outC]);
  fns(backend).conv2d(
    xId,
    c.batch,
    c.inH,
    c.inW,
    filterId,
    c.fH,
    c.fW,
    ...c.pad,
    0,
    ...c.dilation,
    ...c.stride,
    c.inC,
    c.outC,
    idOf(backend, out),
  );
  return out;
}
