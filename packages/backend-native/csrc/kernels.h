// The kernels the addon exports, one per .cc file named after the tfjs kernel it serves.
// Tensors are NHWC / row-major float32 in the wasm heap; filters are HWIO [kH, kW, inC, outC].
// Every function may throw (dnnl::error, std::invalid_argument); addon.cc turns that into a JS
// exception naming the kernel and the shape.
#pragma once
#include <cstdint>
#include <string>

namespace genlab {

/** One convolution's geometry, as tfjs's computeConv2DInfo gives it (dilation 1). */
struct ConvShape {
  int batch, inH, inW, inC;
  int outH, outW, outC;
  int kH, kW, strideH, strideW;
  int padTop, padLeft, padBottom, padRight;
  std::string str() const;
  /** Multiply-adds x 2 of one direction. */
  double Flops() const { return 2.0 * batch * outH * outW * outC * kH * kW * inC; }
};

/** tfjs's fused activations that oneDNN has as post-ops (prelu stays on wasm). */
enum class Activation : int { linear = 0, relu = 1, relu6 = 2, leakyrelu = 3, elu = 4, sigmoid = 5 };

// y [batch, outH, outW, outC] = act(conv(x [batch, inH, inW, inC], w [kH, kW, inC, outC]) + bias [outC]); bias may be null.
void Conv2D(const ConvShape& s, const float* x, const float* w, const float* bias, float* y, Activation act, float alpha);
// dx [batch, inH, inW, inC] from dy [batch, outH, outW, outC] and w [kH, kW, inC, outC].
void Conv2DBackpropInput(const ConvShape& s, const float* dy, const float* w, float* dx);
// The three directions as sgemm calls over each output pixel's kernel rows (conv2d_tap_gemm.cc),
// what Conv2D, Conv2DBackpropFilter and Conv2DBackpropInput run when UseTapGemm holds.
void Conv2DTapGemm(const ConvShape& s, const float* x, const float* w, const float* bias, float* y, Activation act, float alpha);
void Conv2DBackpropFilterTapGemm(const ConvShape& s, const float* x, const float* dy, float* dw);
void Conv2DBackpropInputTapGemm(const ConvShape& s, const float* dy, const float* w, float* dx);
/**
 * Tap GEMMs instead of oneDNN for small outputs. Measured at one thread (CPU-time medians, batch
 * 128 unless said), oneDNN -> tap GEMMs in ms, forward / input gradient / filter gradient:
 *   4x4x256 -> 2x2x512 (4 pixels):     79.8 / 31.5 / 177.9  ->  17.0 / 19.3 / 18.3
 *   7x7x128 -> 4x4x256 (16 pixels):    22.9 / 20.8 / 31.0   ->  21.4 / 24.1 / 23.1
 *   14x14x64 -> 7x7x128 (49 pixels):   21.4 / 22.3 / 27.3   ->  21.3 / 23.4 / 21.7
 *   14x14x32 -> 7x7x64, 3x3, batch 64:  1.42 / 1.27 / 1.55  ->  1.33 / 1.63 / 1.46
 * So: forward and input gradient up to 4 output pixels, filter gradient up to 49. Each GEMM's
 * depth is (taps in a kernel row) x inC; with few channels the GEMMs get too thin (all measured
 * shapes had 32 or more), hence the channel floor.
 */
constexpr int kTapGemmMaxOutPixels = 4, kTapGemmFilterMaxOutPixels = 49, kTapGemmMinInChannels = 32;
inline bool UseTapGemm(const ConvShape& s, bool filterGradient) {
  return s.inC >= kTapGemmMinInChannels && s.outH * s.outW <= (filterGradient ? kTapGemmFilterMaxOutPixels : kTapGemmMaxOutPixels);
}
// The forward pass and the filter gradient as im2col and one sgemm per chunk of images
// (conv2d_im2col_gemm.cc), what Conv2D and Conv2DBackpropFilter run when UseIm2ColGemm holds.
void Conv2DIm2ColGemm(const ConvShape& s, const float* x, const float* w, const float* bias, float* y, Activation act, float alpha);
void Conv2DBackpropFilterIm2ColGemm(const ConvShape& s, const float* x, const float* dy, float* dw);
/**
 * One input channel: the forward pass as im2col + sgemm instead of oneDNN, and the filter gradient
 * per chunk of images as a direct AVX-512 loop for 3x3 and 5x5 kernels with a multiple of 32
 * output channels (FilterGradientOneChannelFits), else as im2col + sgemm up to 32 output channels,
 * else oneDNN. Measured on the loaded machine (two 1-thread trainings on the 2 cores), GFLOP/s at
 * 1 thread, medians of 41 calls alternating with the previous kernels in one process:
 *   forward:          D1 99 -> 103, G2 97 -> 101, VAE1 58 -> 74 (1.05x, 1.02x, 1.21x)
 *   filter gradient:  D1 99 -> 140, G2 128 -> 170, VAE1 102 -> 163 (1.25x, 1.38x, 1.62x)
 * im2col + sgemm alone lost to oneDNN on the filter gradient (VAE1 0.71x): with one channel it
 * copies as many floats as it multiplies by 32, the direct loop copies none.
 */
constexpr int kIm2ColFilterMaxOutChannels = 32;
bool FilterGradientOneChannelFits(const ConvShape& s);  // conv2d_backprop_filter_one_channel.cc
inline bool UseIm2ColGemm(const ConvShape& s, bool filterGradient) {
  return s.inC == 1 && (!filterGradient || s.outC <= kIm2ColFilterMaxOutChannels || FilterGradientOneChannelFits(s));
}
// The same as a GEMM (dy . w^T) and a col2im: what Conv2DBackpropInput runs for few input channels.
void Conv2DBackpropInputCol2Im(const ConvShape& s, const float* dy, const float* w, float* dx);
/**
 * Up to this many input channels Conv2DBackpropInput takes the GEMM + col2im path. oneDNN's time
 * is flat from 1 to 16 channels (it pads them to 16); the GEMM's grows with them. Measured at one
 * thread, batch 64, stride 2 (28x28 5x5 -> 64, 28x28 3x3 -> 32, 14x14 5x5 -> 128): col2im is
 * 3-9x faster at 1 channel, 1.1-1.3x at 8, and 0.7-0.75x at 16.
 */
constexpr int kCol2ImMaxInChannels = 8;
// dw [kH, kW, inC, outC] from x [batch, inH, inW, inC] and dy [batch, outH, outW, outC].
void Conv2DBackpropFilter(const ConvShape& s, const float* x, const float* dy, float* dw);

/** out[b] = act(op(a[b]) . op(b[b]) + bias); a batch of 1 broadcasts. */
struct MatMulShape {
  int batchA, batchB, m, n, k;
  bool transA, transB;
  std::string str() const;
};
void BatchMatMul(const MatMulShape& s, const float* a, const float* b, const float* bias, float* out, Activation act, float alpha);

// out [rows, cols] = x [rows, cols] + bias [cols] (bias add of a conv or dense layer).
void BiasAdd(int64_t rows, int64_t cols, const float* x, const float* bias, float* out);
// out [cols] = sum over rows of x [rows, cols] (the bias gradient).
void SumRows(int64_t rows, int64_t cols, const float* x, float* out);
// out [cols] = mean over rows of x [rows, cols]; and its gradient dx [rows, cols] = dy [cols] / rows.
void MeanRows(int64_t rows, int64_t cols, const float* x, float* out);
void MeanRowsGrad(int64_t rows, int64_t cols, const float* dy, float* dx);
// y [rows, cols] = (x - mean) * rsqrt(variance + eps) * scale + offset, per-channel [cols] statistics;
// offset and scale may be null.
void FusedBatchNorm(int64_t rows, int64_t cols, const float* x, const float* mean, const float* variance,
                    const float* offset, const float* scale, float epsilon, float* y);
// Its gradient w.r.t. x [rows, cols] and the [cols] mean, variance, scale and offset (tfjs's formulas).
void FusedBatchNormGrad(int64_t rows, int64_t cols, const float* dy, const float* x, const float* mean,
                        const float* variance, const float* scale, float epsilon, float* dx, float* dmean,
                        float* dvariance, float* dscale, float* doffset);
// out [rows, cols] = x [rows, cols] - v [cols].
void SubRowVector(int64_t rows, int64_t cols, const float* x, const float* v, float* out);
// out = x * x, n elements.
void Square(int64_t n, const float* x, float* out);
// out = x > 0 ? x : alpha * x, n elements.
void LeakyRelu(int64_t n, const float* x, float* out, float alpha);
// dx = x > 0 ? dy : alpha * dy (tfjs's gradient: where(greater(x, 0), dy, dy * alpha)).
void LeakyReluGrad(int64_t n, const float* dy, const float* x, float* dx, float alpha);

/** Adam's hyper-parameters and bias corrections for one step (tfjs's AdamOptimizer formula). */
struct AdamStep {
  float lr, beta1, oneMinusBeta1, beta2, oneMinusBeta2, epsilon;
  float oneMinusAccBeta1, oneMinusAccBeta2;
};
// m' = b1 m + (1 - b1) g; v' = b2 v + (1 - b2) g^2; var' = var - lr (m' / c1) / (sqrt(v' / c2) + eps).
void Adam(int64_t n, const AdamStep& p, const float* var, const float* m, const float* v, const float* g,
          float* varOut, float* mOut, float* vOut);

/** Threads for OpenMP (oneDNN and our loops); primitives are cached per thread count. */
void SetThreads(int threads);
int Threads();

/**
 * Small work runs on one thread: waking OpenMP's sleeping threads costs microseconds on an idle
 * machine (6.5 us measured for a tiny conv on 2 threads against 1.3 us on 1) and far more on a
 * loaded one, which tiny models (tests, small layers) would pay on every call.
 */
constexpr double kSerialFlops = 4e6;        // below this a conv or matmul runs on one thread
constexpr int64_t kSerialElements = 1 << 16;  // below this an element-wise loop runs on one thread

/** Sets OpenMP's thread count for one kernel call (1 for small work), restoring it after. */
class KernelThreads {
 public:
  explicit KernelThreads(double flops);
  ~KernelThreads();
  KernelThreads(const KernelThreads&) = delete;
  KernelThreads& operator=(const KernelThreads&) = delete;

 private:
  bool changed_;
};

}  // namespace genlab
