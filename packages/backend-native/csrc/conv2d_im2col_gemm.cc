// The forward pass and the filter gradient of a convolution with one input channel per chunk of
// images: im2col and one sgemm, or for the filter gradient the direct loop of
// conv2d_backprop_filter_one_channel.cc when it fits. With one channel a pixel's window is only
// kH x kW floats and oneDNN's kernels do too little work per pixel (see UseIm2ColGemm in
// kernels.h for when each runs and the measured figures).
//
//   cols [rows, taps] = im2col(x)          rows = images x outH x outW, taps = kH x kW x inC
//   forward:  y  [rows, outC] = cols . w               w is HWIO, i.e. [taps, outC] row-major
//   filter:   dw [taps, outC] = sum over chunks of (cols^T . dy [rows, outC], or the direct loop)
//
// Threads take whole chunks and run each chunk's sgemm on their own (inside the parallel region
// oneDNN's sgemm runs single-threaded). The filter gradient sums one partial [taps, outC] per
// chunk, in chunk order after the region: the chunks depend on the shape alone (ImageChunksFor),
// so the result is the same run to run and on any number of threads.
#include <omp.h>
#include <algorithm>
#include <atomic>
#include <stdexcept>
#include <string>
#include <vector>
#include <oneapi/dnnl/dnnl.hpp>
#include "activation.h"
#include "conv2d_backprop_filter_one_channel.h"
#include "im2col.h"
#include "kernels.h"

namespace genlab {

namespace {

// Columns of one chunk stay within about this many floats (256 KiB, a quarter of a core's L2 on
// the machine we measured on): the sgemm reads them back from cache right after Im2Col wrote
// them. Chunks of 6 to 16 images of 28x28 ran within noise of each other; 64 did not split among
// threads.
constexpr int64_t kChunkFloats = 64 * 1024;

/**
 * Runs chunk(c, n0, n1, cols) for every chunk c of images n0..n1 on the kernel's threads, with
 * cols a per-thread buffer of `perImage` floats per image of a chunk (kept between calls: a fresh
 * page costs ~11 us on the VMs we measured on). `chunk` returns sgemm's status; a failure is thrown after the
 * region, as an exception must not leave an OpenMP region.
 */
template <class Chunk>
void ForEachChunk(const ConvShape& s, const ImageChunks& split, int64_t perImage, std::vector<float>& scratch, Chunk chunk) {
  const int threads = static_cast<int>(std::min<int64_t>(omp_get_max_threads(), split.count));
  const size_t perThread = static_cast<size_t>(split.images * perImage);
  if (scratch.size() < perThread * threads) scratch.resize(perThread * threads);
  std::atomic<int> failed{0};
#pragma omp parallel for num_threads(threads) schedule(static)
  for (int64_t c = 0; c < split.count; c++) {
    const int64_t n0 = c * split.images, n1 = std::min<int64_t>(s.batch, n0 + split.images);
    const dnnl::status st = chunk(c, n0, n1, scratch.data() + perThread * omp_get_thread_num());
    if (st != dnnl::status::success) failed = static_cast<int>(st);
  }
  if (failed) throw std::runtime_error("sgemm failed with oneDNN status " + std::to_string(failed.load()));
}

/** cols [(n1 - n0) x outH x outW, taps] of images n0..n1 of x. */
void ChunkColumns(const ConvShape& s, const float* x, int64_t n0, int64_t n1, float* cols) {
  const int64_t inImage = int64_t(s.inH) * s.inW * s.inC, colsImage = int64_t(s.outH) * s.outW * s.kH * s.kW * s.inC;
  for (int64_t n = n0; n < n1; n++) Im2Col(s, x + n * inImage, cols + (n - n0) * colsImage);
}

}  // namespace

void Conv2DIm2ColGemm(const ConvShape& s, const float* x, const float* w, const float* bias, float* y, Activation act,
                      float alpha) {
  KernelThreads threads(s.Flops());
  static std::vector<float> scratch;
  const int64_t taps = int64_t(s.kH) * s.kW * s.inC, pixels = int64_t(s.outH) * s.outW;
  ForEachChunk(s, ImageChunksFor(s, kChunkFloats), pixels * taps, scratch, [&](int64_t, int64_t n0, int64_t n1, float* cols) {
    ChunkColumns(s, x, n0, n1, cols);
    float* ys = y + n0 * pixels * s.outC;  // [(n1 - n0) x pixels, outC]
    const dnnl::status st = dnnl::sgemm('N', 'N', (n1 - n0) * pixels, s.outC, taps, 1.f, cols, taps, w, s.outC, 0.f, ys, s.outC);
    // Bias and activation while the chunk's output is still in cache (one thread each here).
    if (st == dnnl::status::success) BiasActivate((n1 - n0) * pixels, s.outC, bias, ys, act, alpha);
    return st;
  });
}

void Conv2DBackpropFilterIm2ColGemm(const ConvShape& s, const float* x, const float* dy, float* dw) {
  KernelThreads threads(s.Flops());
  static std::vector<float> scratch, partials;
  const int64_t taps = int64_t(s.kH) * s.kW * s.inC, pixels = int64_t(s.outH) * s.outW, filter = taps * s.outC;
  const ImageChunks split = ImageChunksFor(s, kChunkFloats);
  partials.resize(static_cast<size_t>(split.count * filter));  // [chunks, taps, outC]
  // The direct kernel needs the chunk's padded images instead of its columns.
  const bool direct = FilterGradientOneChannelFits(s);
  ForEachChunk(s, split, direct ? PaddedImageFloats(s) : pixels * taps, scratch, [&](int64_t c, int64_t n0, int64_t n1, float* cols) {
    if (direct) {
      FilterGradientOneChannel(s, x + n0 * s.inH * s.inW, dy + n0 * pixels * s.outC, n1 - n0, cols, partials.data() + c * filter);
      return dnnl::status::success;
    }
    ChunkColumns(s, x, n0, n1, cols);
    return dnnl::sgemm('T', 'N', taps, s.outC, (n1 - n0) * pixels, 1.f, cols, taps, dy + n0 * pixels * s.outC, s.outC, 0.f,
                       partials.data() + c * filter, s.outC);
  });
  // The chunks' sum in chunk order: ~2 K floats per chunk, too little to be worth threads.
  std::copy(partials.begin(), partials.begin() + filter, dw);
  for (int64_t c = 1; c < split.count; c++) {
    const float* p = partials.data() + c * filter;
    for (int64_t i = 0; i < filter; i++) dw[i] += p[i];
  }
}

}  // namespace genlab
