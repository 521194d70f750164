// BatchMatMul with transposed operands (every dense layer's gradients: dx = dy . W^T and
// dW = x^T . dy) takes a naive blocked loop in the wasm backend; only untransposed batch-1
// products reach XNNPACK. We transpose the operand explicitly (cheap) and take the XNNPACK path.
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { BatchMatMulAttrs, KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { free, gemm, idOf, transpose2d } from './wasm-tensors';

type Args = { inputs: { a: TensorInfo; b: TensorInfo }; backend: BackendWasm; attrs: BatchMatMulAttrs };

const outer = (shape: number[]): number => shape.slice(0, -2).reduce((p, d) => p * d, 1);

/** Wraps the stock kernel: we only take the batch-1, float32, transposed cases. */
export function makeBatchMatMulConfig(stock: KernelConfig): KernelConfig {
  const stockFunc = stock.kernelFunc as unknown as (args: Args) => TensorInfo;
  const kernelFunc = (args: Args): TensorInfo => {
    const {
      inputs: { a, b },
      backend,
      attrs: { transposeA, transposeB },
    } = args;
    const ours =
      (transposeA || transposeB) && outer(a.shape) === 1 && outer(b.shape) === 1 && a.dtype === 'float32' && b.dtype === 'float32';
    return ours ? transposedMatMul(backend, a, b, transposeA, transposeB) : stockFunc(args);
  };
  return { ...stock, kernelFunc: kernelFunc as unknown as KernelFunc };
}

function transposedMatMul(backend: BackendWasm, a: TensorInfo, b: TensorInfo, tA: boolean, tB: boolean): TensorInfo {
  const [aR, aC] = a.shape.slice(-2) as [number, number];
  const [bR, bC] = b.shape.slice(-2) as [number, number];
  const [m, k] = tA ? [aC, aR] : [aR, aC];
  const [k2, n] = tB ? [bC, bR] : [bR, bC];
  if (k !== k2) throw new Error(`BatchMatMul: inner dimensions ${k} and ${k2} of shapes [${a.shape}] and [${b.shape}] differ`);
  // Floats moved by transposes plus XNNPACK's packing of its B operand, for out = A.B and for
  // out^T = B^T.A^T. Dense-layer gradients have one big operand (the weights); move the small ones.
  const direct = (tA ? m * k : 0) + (tB ? k * n : 0) + k * n;
  const swapped = (tB ? 0 : k * n) + (tA ? 0 : m * k) + m * k + m * n;
  const out =
    direct <= swapped
      ? product(backend, a, tA, [aR, aC], b, tB, [bR, bC], m, k, n)
      : transposedProduct(backend, a, tA, [aR, aC], b, tB, [bR, bC], m, k, n);
  // Keep the leading 1-sized batch dims of the rank-3+ inputs, as the stock kernel does.
  const lead = (a.shape.length >= b.shape.length ? a.shape : b.shape).slice(0, -2);
  return { ...out, shape: [...lead, m, n] };
}

type Dims = [number, number];

/** out [m, n] = op(a) . op(b), transposing whichever operand is marked transposed. */
function product(
  be: BackendWasm,
  a: TensorInfo,
  tA: boolean,
  aD: Dims,
  b: TensorInfo,
  tB: boolean,
  bD: Dims,
  m: number,
  k: number,
  n: number,
): TensorInfo {
  const aT = tA ? transpose2d(be, idOf(be, a), ...aD) : undefined; // [m, k]
  const bT = tB ? transpose2d(be, idOf(be, b), ...bD) : undefined; // [k, n]
  const out = gemm(be, idOf(be, aT ?? a), idOf(be, bT ?? b), m, k, n);
  free(be, ...[aT, bT].filter((t): t is TensorInfo => t !== undefined));
  return out;
}

/** out = (op(b)^T . op(a)^T)^T: an operand marked transposed is already laid out as needed. */
function transposedProduct(
  be: BackendWasm,
  a: TensorInfo,
  tA: boolean,
  aD: Dims,
  b: TensorInfo,
  tB: boolean,
  bD: Dims,
  m: number,
  k: number,
  n: number,
): TensorInfo {
  const left = tB ? undefined : transpose2d(be, idOf(be, b), ...bD); // op(b)^T [n, k]
  const right = tA ? undefined : transpose2d(be, idOf(be, a), ...aD); // op(a)^T [k, m]
  const outT = gemm(be, idOf(be, left ?? b), idOf(be, right ?? a), n, k, m); // [n, m]
  free(be, ...[left, right].filter((t): t is TensorInfo => t !== undefined));
  const out = transpose2d(be, idOf(be, outT), n, m); // [m, n]
  free(be, outT);
  return out;
}
