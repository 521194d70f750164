// The addon's functions as TypeScript sees them. Every tensor argument is an element offset into
// `heap`, a Float32Array view of the wasm backend's memory (read it after every allocation: heap
// growth detaches the old view). -1 stands for an absent optional tensor (bias).

/** tfjs's fused activations that the addon applies (prelu is not among them). */
export const ACTIVATIONS = { linear: 0, relu: 1, relu6: 2, leakyrelu: 3, elu: 4, sigmoid: 5 } as const;
export type NativeActivation = keyof typeof ACTIVATIONS;

export interface NativeAddon {
  /**
   * geometry: Int32Array [batch, inH, inW, inC, outH, outW, outC, kH, kW, strideH, strideW,
   * padTop, padLeft, padBottom, padRight]; x [batch, inH, inW, inC], filter [kH, kW, inC, outC],
   * y [batch, outH, outW, outC] = act(conv + bias).
   */
  conv2d(
    heap: Float32Array,
    geometry: Int32Array,
    x: number,
    filter: number,
    bias: number,
    y: number,
    activation: number,
    alpha: number,
  ): void;
  conv2dBackpropInput(heap: Float32Array, geometry: Int32Array, dy: number, filter: number, dx: number): void;
  conv2dBackpropFilter(heap: Float32Array, geometry: Int32Array, x: number, dy: number, dw: number): void;
  /** dims: Int32Array [batchA, batchB, m, n, k, transposeA, transposeB]; out [max batch, m, n]. */
  batchMatMul(
    heap: Float32Array,
    dims: Int32Array,
    a: number,
    b: number,
    bias: number,
    out: number,
    activation: number,
    alpha: number,
  ): void;
  biasAdd(heap: Float32Array, rows: number, cols: number, x: number, bias: number, out: number): void;
  sumRows(heap: Float32Array, rows: number, cols: number, x: number, out: number): void;
  /** out [cols] = mean over rows of x [rows, cols]. */
  meanRows(heap: Float32Array, rows: number, cols: number, x: number, out: number): void;
  /** dx [rows, cols] = dy [cols] / rows (Mean's gradient). */
  meanRowsGrad(heap: Float32Array, rows: number, cols: number, dy: number, dx: number): void;
  /** y [rows, cols] = (x - mean) * rsqrt(variance + epsilon) * scale + offset; statistics [cols], offset / scale may be -1. */
  fusedBatchNorm(
    heap: Float32Array,
    rows: number,
    cols: number,
    x: number,
    mean: number,
    variance: number,
    offset: number,
    scale: number,
    epsilon: number,
    y: number,
  ): void;
  /** FusedBatchNorm's gradient: dx [rows, cols] and the [cols] dmean, dvariance, dscale, doffset; scale may be -1. */
  fusedBatchNormGrad(
    heap: Float32Array,
    rows: number,
    cols: number,
    dy: number,
    x: number,
    mean: number,
    variance: number,
    scale: number,
    epsilon: number,
    dx: number,
    dmean: number,
    dvariance: number,
    dscale: number,
    doffset: number,
  ): void;
  /** out [rows, cols] = x [rows, cols] - v [cols]. */
  subRowVector(heap: Float32Array, rows: number, cols: number, x: number, v: number, out: number): void;
  /** out = x * x, n elements. */
  square(heap: Float32Array, n: number, x: number, out: number): void;
  leakyRelu(heap: Float32Array, n: number, x: number, out: number, alpha: number): void;
  leakyReluGrad(heap: Float32Array, n: number, dy: number, x: number, dx: number, alpha: number): void;
  /** params: Float32Array [lr, beta1, 1 - beta1, beta2, 1 - beta2, epsilon, 1 - beta1^t, 1 - beta2^t]. */
  adam(
    heap: Float32Array,
    n: number,
    variable: number,
    m: number,
    v: number,
    gradient: number,
    variableOut: number,
    mOut: number,
    vOut: number,
    params: Float32Array,
  ): void;
  setThreads(threads: number): void;
  threads(): number;
  /** e.g. "oneDNN 2.6.3 (OpenMP)" */
  version(): string;
}
