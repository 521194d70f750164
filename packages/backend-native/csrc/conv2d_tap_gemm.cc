// The three directions of a convolution with a small output (a few pixels, e.g. the
// discriminator's 4x4x256 -> 2x2x512) as sgemm calls straight on the NHWC / HWIO tensors.
//
// For one output pixel (oh, ow) and one kernel row kh, the taps kw0..kw1 that land inside the
// input read a contiguous run of x [n, ih, iw0 .. iw1, :] and of w [kh, kw0 .. kw1, :, :]
// (HWIO is [kH, kW, inC, outC] row-major), so that pixel's share of the convolution is a GEMM
// over the batch with K = (kw1 - kw0) x inC:
//
//   forward:  y  [n, oh, ow, :]      += x  [n, ih, iw0.., :]   . w [kh, kw0.., :, :]
//   filter:   dw [kh, kw0.., :, :]   += x  [n, ih, iw0.., :]^T . dy [n, oh, ow, :]
//   input:    dx [n, ih, iw0.., :]   += dy [n, oh, ow, :]      . w [kh, kw0.., :, :]^T
//
// Why: on that layer oneDNN's convolutions ran at 19-106 GFLOP/s on one core (kernels.h has the
// figures); they also compute the taps that fall in the padding (half of them for a 5x5 kernel
// on a 4x4 input) and reorder the weights (13 MB there) on every call. Here no padded tap is
// computed and nothing is reordered.
//
// Threads split the output (images for y and dx, output channels for dw) and each runs the whole
// sequence of GEMMs on its slice, single-threaded: letting oneDNN thread each of a few hundred
// small GEMMs instead cost 1.8-2.5x the CPU time at 2 threads (a fork/join per call). Every output
// element is summed by one thread in a fixed order, so results repeat run to run.
#include <omp.h>
#include <algorithm>
#include <atomic>
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

/**
 * Runs gemms(begin, end) on the kernel's threads over [0, count), cut into slices that are
 * multiples of `grain` (so column slices keep their vector alignment). `gemms` returns oneDNN's
 * status; a failure is thrown after the region, as an exception must not leave an OpenMP region.
 */
template <class Gemms>
void SplitAmongThreads(int64_t count, int64_t grain, Gemms gemms) {
  const int64_t grains = (count + grain - 1) / grain;
  const int threads = static_cast<int>(std::min<int64_t>(omp_get_max_threads(), grains));
  std::atomic<int> failed{0};
#pragma omp parallel num_threads(threads)
  {
    const int t = omp_get_thread_num();
    const int64_t begin = std::min(count, grains * t / threads * grain);
    const int64_t end = std::min(count, grains * (t + 1) / threads * grain);
    // Inside the parallel region oneDNN's sgemm runs on the calling thread alone.
    if (begin < end) {
      const dnnl::status st = gemms(begin, end);
      if (st != dnnl::status::success) failed = static_cast<int>(st);
    }
  }
  if (failed) throw std::runtime_error("sgemm failed with oneDNN status " + std::to_string(failed.load()));
}

}  // namespace

void Conv2DTapGemm(const ConvShape& s, const float* x, const float* w, const float* bias, float* y, Activation act,
                   float alpha) {
  KernelThreads threads(s.Flops());
  const int64_t xImage = int64_t(s.inH) * s.inW * s.inC, yImage = int64_t(s.outH) * s.outW * s.outC;
  // y is summed into, so it starts at zero (a pixel whose window misses the input stays zero).
  std::memset(y, 0, sizeof(float) * s.batch * yImage);
  SplitAmongThreads(s.batch, 1, [&](int64_t n0, int64_t n1) {  // images n0..n1
    dnnl::status st = dnnl::status::success;
    ForEachTapRow(s, [&](int oh, int ow, int kh, const Window& win, int64_t k) {
      const float* xs = x + n0 * xImage + ((int64_t(win.ih0) + kh) * s.inW + win.iw0 + win.kw0) * s.inC;  // [n, k], row stride xImage
      const float* ws = w + (int64_t(kh) * s.kW + win.kw0) * s.inC * s.outC;                             // [k, outC]
      float* ys = y + n0 * yImage + (int64_t(oh) * s.outW + ow) * s.outC;                                 // [n, outC], row stride yImage
      if (st == dnnl::status::success) st = dnnl::sgemm('N', 'N', n1 - n0, s.outC, k, 1.f, xs, xImage, ws, s.outC, 1.f, ys, yImage);
    });
    return st;
  });
  BiasActivate(int64_t(s.batch) * s.outH * s.outW, s.outC, bias, y, act, alpha);
}

void Conv2DBackpropFilterTapGemm(const ConvShape& s, const float* x, const float* dy, float* dw) {
  KernelThreads threads(s.Flops());
  const int64_t xImage = int64_t(s.inH) * s.inW * s.inC, yImage = int64_t(s.outH) * s.outW * s.outC;
  std::memset(dw, 0, sizeof(float) * s.kH * s.kW * s.inC * s.outC);  // taps only ever in the padding keep zero gradient
  SplitAmongThreads(s.outC, 16, [&](int64_t c0, int64_t c1) {  // output channels c0..c1
    dnnl::status st = dnnl::status::success;
    ForEachTapRow(s, [&](int oh, int ow, int kh, const Window& win, int64_t k) {
      const float* xs = x + ((int64_t(win.ih0) + kh) * s.inW + win.iw0 + win.kw0) * s.inC;  // [batch, k], row stride xImage
      const float* dys = dy + (int64_t(oh) * s.outW + ow) * s.outC + c0;                     // [batch, c1 - c0], row stride yImage
      float* dws = dw + (int64_t(kh) * s.kW + win.kw0) * s.inC * s.outC + c0;                // [k, c1 - c0], row stride outC
      if (st == dnnl::status::success) st = dnnl::sgemm('T', 'N', k, c1 - c0, s.batch, 1.f, xs, xImage, dys, yImage, 1.f, dws, s.outC);
    });
    return st;
  });
}

void Conv2DBackpropInputTapGemm(const ConvShape& s, const float* dy, const float* w, float* dx) {
  KernelThreads threads(s.Flops());
  const int64_t xImage = int64_t(s.inH) * s.inW * s.inC, yImage = int64_t(s.outH) * s.outW * s.outC;
  std::memset(dx, 0, sizeof(float) * s.batch * xImage);  // input pixels no tap reaches get zero gradient
  SplitAmongThreads(s.batch, 1, [&](int64_t n0, int64_t n1) {  // images n0..n1
    dnnl::status st = dnnl::status::success;
    ForEachTapRow(s, [&](int oh, int ow, int kh, const Window& win, int64_t k) {
      const float* dys = dy + n0 * yImage + (int64_t(oh) * s.outW + ow) * s.outC;                     // [n, outC], row stride yImage
      const float* ws = w + (int64_t(kh) * s.kW + win.kw0) * s.inC * s.outC;                         // [k, outC], used transposed
      float* dxs = dx + n0 * xImage + ((int64_t(win.ih0) + kh) * s.inW + win.iw0 + win.kw0) * s.inC;  // [n, k], row stride xImage
      if (st == dnnl::status::success) st = dnnl::sgemm('N', 'T', n1 - n0, k, s.outC, 1.f, dys, yImage, ws, s.outC, 1.f, dxs, xImage);
    });
    return st;
  });
}

}  // namespace genlab
