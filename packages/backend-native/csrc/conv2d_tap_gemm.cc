// The three directions of a convolution with a small output (a few pixels, e.g. the
// discriminator's 4x4x256 -> 2x2x512) as sgemm calls straight on the NHWC / HWIO tensors.
//
// For one output pixel (oh, ow) and one kernel row kh, the taps kw0..kw1 that land inside the
// input read a contiguous run of x [n, ih, iw0 .. iw1, :] and of w [kh, kw0 .. kw1, :, :]
// (HWIO is [kH, kW, inC, outC] row-major), so that pixel's share of the convolution is a GEMM
// over the whole batch with K = (kw1 - kw0) x inC:
//
//   forward:  y  [n, oh, ow, :]            += x  [n, ih, iw0.., :]  . w [kh, kw0.., :, :]
//   filter:   dw [kh, kw0.., :, :]         += x  [n, ih, iw0.., :]^T . dy [n, oh, ow, :]
//   input:    dx [n, ih, iw0.., :]         += dy [n, oh, ow, :]     . w [kh, kw0.., :, :]^T
//
// Why: oneDNN's direct convolutions block these shapes poorly (the 2x2 output leaves its vector
// registers mostly idle), compute the taps that fall in the padding (half of them for a 5x5
// kernel on a 4x4 input), and reorder the weights (13 MB for that layer) on every call. Here no
// padded tap is computed and nothing is reordered. The GEMMs run one after the other in a fixed
// order (each is threaded inside oneDNN), so results repeat run to run.
#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string>
#include <oneapi/dnnl/dnnl.hpp>
#include "activation.h"
#include "kernels.h"

namespace genlab {

namespace {

/** The kernel taps of output pixel (oh, ow) inside the input: ih = ih0 + kh, iw = iw0 + kw. */
struct Window {
  int ih0, iw0;
  int kh0, kh1, kw0, kw1;  // valid taps: kh0 <= kh < kh1, kw0 <= kw < kw1
};

Window WindowAt(const ConvShape& s, int oh, int ow) {
  Window w;
  w.ih0 = oh * s.strideH - s.padTop;
  w.iw0 = ow * s.strideW - s.padLeft;
  w.kh0 = std::max(0, -w.ih0);
  w.kh1 = std::min(s.kH, s.inH - w.ih0);
  w.kw0 = std::max(0, -w.iw0);
  w.kw1 = std::min(s.kW, s.inW - w.iw0);
  return w;
}

void Check(dnnl::status st) {
  if (st != dnnl::status::success) throw std::runtime_error("sgemm failed with oneDNN status " + std::to_string(static_cast<int>(st)));
}

/** Calls f(oh, ow, kh, window, K) for every output pixel and kernel row with at least one valid tap. */
template <class F>
void ForEachTapRow(const ConvShape& s, F f) {
  for (int oh = 0; oh < s.outH; oh++) {
    for (int ow = 0; ow < s.outW; ow++) {
      const Window win = WindowAt(s, oh, ow);
      if (win.kw1 <= win.kw0) continue;
      const int64_t k = int64_t(win.kw1 - win.kw0) * s.inC;
      for (int kh = win.kh0; kh < win.kh1; kh++) f(oh, ow, kh, win, k);
    }
  }
}

}  // namespace

void Conv2DTapGemm(const ConvShape& s, const float* x, const float* w, const float* bias, float* y, Activation act,
                   float alpha) {
  KernelThreads threads(s.Flops());
  const int64_t xImage = int64_t(s.inH) * s.inW * s.inC, yImage = int64_t(s.outH) * s.outW * s.outC;
  // y is summed into, so it starts at zero (a pixel whose window misses the input stays zero).
  std::memset(y, 0, sizeof(float) * s.batch * yImage);
  ForEachTapRow(s, [&](int oh, int ow, int kh, const Window& win, int64_t k) {
    const float* xs = x + ((int64_t(win.ih0) + kh) * s.inW + win.iw0 + win.kw0) * s.inC;  // [batch, k], row stride xImage
    const float* ws = w + (int64_t(kh) * s.kW + win.kw0) * s.inC * s.outC;                // [k, outC]
    float* ys = y + (int64_t(oh) * s.outW + ow) * s.outC;                                  // [batch, outC], row stride yImage
    Check(dnnl::sgemm('N', 'N', s.batch, s.outC, k, 1.f, xs, xImage, ws, s.outC, 1.f, ys, yImage));
  });
  BiasActivate(int64_t(s.batch) * s.outH * s.outW, s.outC, bias, y, act, alpha);
}

void Conv2DBackpropFilterTapGemm(const ConvShape& s, const float* x, const float* dy, float* dw) {
  KernelThreads threads(s.Flops());
  const int64_t xImage = int64_t(s.inH) * s.inW * s.inC, yImage = int64_t(s.outH) * s.outW * s.outC;
  std::memset(dw, 0, sizeof(float) * s.kH * s.kW * s.inC * s.outC);  // taps in the padding keep zero gradient
  ForEachTapRow(s, [&](int oh, int ow, int kh, const Window& win, int64_t k) {
    const float* xs = x + ((int64_t(win.ih0) + kh) * s.inW + win.iw0 + win.kw0) * s.inC;  // [batch, k]
    const float* dys = dy + (int64_t(oh) * s.outW + ow) * s.outC;                          // [batch, outC]
    float* dws = dw + (int64_t(kh) * s.kW + win.kw0) * s.inC * s.outC;                     // [k, outC]
    Check(dnnl::sgemm('T', 'N', k, s.outC, s.batch, 1.f, xs, xImage, dys, yImage, 1.f, dws, s.outC));
  });
}

void Conv2DBackpropInputTapGemm(const ConvShape& s, const float* dy, const float* w, float* dx) {
  KernelThreads threads(s.Flops());
  const int64_t xImage = int64_t(s.inH) * s.inW * s.inC, yImage = int64_t(s.outH) * s.outW * s.outC;
  std::memset(dx, 0, sizeof(float) * s.batch * xImage);  // input pixels no tap reaches get zero gradient
  ForEachTapRow(s, [&](int oh, int ow, int kh, const Window& win, int64_t k) {
    const float* dys = dy + (int64_t(oh) * s.outW + ow) * s.outC;                          // [batch, outC]
    const float* ws = w + (int64_t(kh) * s.kW + win.kw0) * s.inC * s.outC;                 // [k, outC], used transposed
    float* dxs = dx + ((int64_t(win.ih0) + kh) * s.inW + win.iw0 + win.kw0) * s.inC;       // [batch, k]
    Check(dnnl::sgemm('N', 'T', s.batch, k, s.outC, 1.f, dys, yImage, ws, s.outC, 1.f, dxs, xImage));
  });
}

}  // namespace genlab
