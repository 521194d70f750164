// Conv2DBackpropInput for few input channels as one GEMM and a col2im, instead of oneDNN's
// backward-data convolution. oneDNN 2.6 pads the input channels to a block of 16 for that
// direction (weights `ABcd16a16b`): its time is the same for 1 and for 16 channels, so with one
// input channel (the discriminator's first layer, the generator's and decoder's last
// conv2dTranspose) it reached ~7 GFLOP/s on one core. The GEMM below runs at sgemm speed and the
// col2im is one add per column entry (43 GFLOP/s on the generator's last layer).
//
//   cols [rows, taps] = dy [rows, outC] . w^T      rows = images x outH x outW, taps = kH x kW x inC
//   dx [n, ih, iw, ic] = sum of cols[(n, oh, ow), (kh, kw, ic)] over oh*strideH - padTop + kh = ih,
//                                                                 ow*strideW - padLeft + kw = iw
// w is HWIO [kH, kW, inC, outC], i.e. already [taps, outC] row-major, so nothing is reordered.
#include <omp.h>
#include <algorithm>
#include <atomic>
#include <stdexcept>
#include <string>
#include <vector>
#include <oneapi/dnnl/dnnl.hpp>
#include "kernels.h"

namespace genlab {

// Columns of one chunk of images stay within about this many floats (a core's L2 is 1 MiB on the
// machine we measured on), so col2im reads them back from cache right after the GEMM wrote them.
constexpr int64_t kChunkFloats = 128 * 1024;

/** Adds one image's columns into its dx [inH, inW, inC] (zeroed first). */
static void Col2Im(const ConvShape& s, const float* cols, float* dx) {
  const int64_t taps = int64_t(s.kH) * s.kW * s.inC;
  std::fill(dx, dx + int64_t(s.inH) * s.inW * s.inC, 0.f);
  for (int oh = 0; oh < s.outH; oh++) {
    const int ih0 = oh * s.strideH - s.padTop;  // input row of tap kh = 0
    const int kh0 = std::max(0, -ih0), kh1 = std::min(s.kH, s.inH - ih0);
    for (int ow = 0; ow < s.outW; ow++) {
      const int iw0 = ow * s.strideW - s.padLeft;
      const int kw0 = std::max(0, -iw0), kw1 = std::min(s.kW, s.inW - iw0);
      if (kw1 <= kw0) continue;
      // For one kh, the taps kw0..kw1 (x inC) are contiguous in the row of cols and in dx's row:
      // one plain loop, with the bounds checked once per output pixel instead of per product.
      const int64_t len = int64_t(kw1 - kw0) * s.inC;
      const float* row = cols + (int64_t(oh) * s.outW + ow) * taps;  // [kH, kW, inC]
      for (int kh = kh0; kh < kh1; kh++) {
        const float* c = row + (int64_t(kh) * s.kW + kw0) * s.inC;
        float* d = dx + ((int64_t(ih0) + kh) * s.inW + iw0 + kw0) * s.inC;
        for (int64_t i = 0; i < len; i++) d[i] += c[i];
      }
    }
  }
}

void Conv2DBackpropInputCol2Im(const ConvShape& s, const float* dy, const float* w, float* dx) {
  KernelThreads kernelThreads(s.Flops());
  const int64_t taps = int64_t(s.kH) * s.kW * s.inC;
  const int64_t pixels = int64_t(s.outH) * s.outW;  // GEMM rows per image
  const int64_t chunk = std::max<int64_t>(1, kChunkFloats / (pixels * taps));  // images per GEMM
  const int64_t chunks = (s.batch + chunk - 1) / chunk;
  const int threads = static_cast<int>(std::min<int64_t>(omp_get_max_threads(), chunks));
  // One columns buffer per thread, kept between calls (a fresh page costs ~11 us on our VMs).
  static std::vector<float> scratch;
  const size_t perThread = static_cast<size_t>(chunk * pixels * taps);
  if (scratch.size() < perThread * threads) scratch.resize(perThread * threads);
  const int64_t inImage = int64_t(s.inH) * s.inW * s.inC, outImage = pixels * s.outC;
  std::atomic<int> failed{0};  // an exception must not leave an OpenMP region: record, throw after
#pragma omp parallel for num_threads(threads) schedule(static)
  for (int64_t c = 0; c < chunks; c++) {
    float* cols = scratch.data() + perThread * omp_get_thread_num();
    const int64_t n0 = c * chunk, n1 = std::min<int64_t>(s.batch, n0 + chunk);
    // Inside the parallel region oneDNN's sgemm runs on the calling thread alone.
    const dnnl::status st = dnnl::sgemm('N', 'T', (n1 - n0) * pixels, taps, s.outC, 1.f, dy + n0 * outImage, s.outC,
                                        w, s.outC, 0.f, cols, taps);
    if (st != dnnl::status::success) {
      failed = static_cast<int>(st);
      continue;
    }
    for (int64_t n = n0; n < n1; n++) Col2Im(s, cols + (n - n0) * pixels * taps, dx + n * inImage);
  }
  if (failed) throw std::runtime_error("sgemm failed with oneDNN status " + std::to_string(failed.load()));
}

}  // namespace genlab
