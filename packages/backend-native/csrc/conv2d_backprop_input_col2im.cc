// Conv2DBackpropInput for few input channels as one GEMM and a col2im, instead of oneDNN's
// backward-data convolution. oneDNN 2.6 pads the input channels to a block of 16 for that
// direction (weights `ABcd16a16b`): its time is the same for 1 and for 16 channels, so with one
// input channel (the discriminator's first layer, the generator's and decoder's last
// conv2dTranspose) it reached ~7 GFLOP/s on one core. The GEMM below runs at sgemm speed and the
// col2im is one add per column entry (im2col.cc), with the paper's 3x3 and 5x5 one-channel
// windows unrolled: 1.25-1.45x faster than the same loop with runtime bounds (docs/speed.md).
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
#include "im2col.h"
#include "kernels.h"

namespace genlab {

// Columns of one chunk of images stay within about this many floats (256 KiB, a quarter of a
// core's L2 on the machine we measured on), so col2im reads them back from cache right after the
// GEMM wrote them.
constexpr int64_t kChunkFloats = 64 * 1024;

void Conv2DBackpropInputCol2Im(const ConvShape& s, const float* dy, const float* w, float* dx) {
  KernelThreads kernelThreads(s.Flops());
  const int64_t taps = int64_t(s.kH) * s.kW * s.inC;
  const int64_t pixels = int64_t(s.outH) * s.outW;  // GEMM rows per image
  const ImageChunks split = ImageChunksFor(s, kChunkFloats);
  const int64_t chunk = split.images, chunks = split.count;  // images per GEMM, GEMMs
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
