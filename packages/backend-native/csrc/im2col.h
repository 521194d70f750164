// The column matrix of one image (im2col) and its adjoint (col2im), for convolutions computed
// as one GEMM over a chunk of images (conv2d_im2col_gemm.cc, conv2d_backprop_input_col2im.cc).
//
//   cols [outH x outW, kH x kW x inC]: row (oh, ow) holds the input window of output pixel
//   (oh, ow), tap (kh, kw, ic) = x [oh*strideH - padTop + kh, ow*strideW - padLeft + kw, ic],
//   zero where the tap falls in the padding.
#pragma once
#include <algorithm>
#include <cstdint>
#include "kernels.h"

namespace genlab {

// cols [outH x outW, kH x kW x inC] of one image x [inH, inW, inC].
void Im2Col(const ConvShape& s, const float* x, float* cols);
// dx [inH, inW, inC] of one image = the sum of its cols entries over the taps that read each input (dx is overwritten).
void Col2Im(const ConvShape& s, const float* cols, float* dx);

/**
 * A batch cut into chunks of whole images whose columns stay within about `maxFloats`, so a
 * GEMM reads them back from cache right after Im2Col wrote them (or Col2Im right after the GEMM).
 * The chunks are as even as the batch allows (with two threads, 5 chunks of 26 images would
 * leave one thread 78 images and the other 50) and depend on the shape alone, never on the
 * thread count, so sums over chunks are the same on any number of threads.
 */
struct ImageChunks {
  int64_t count, images;  // `count` chunks of `images` images (the last may have fewer)
};
inline ImageChunks ImageChunksFor(const ConvShape& s, int64_t maxFloats) {
  const int64_t perImage = int64_t(s.outH) * s.outW * s.kH * s.kW * s.inC;
  const int64_t most = std::max<int64_t>(1, maxFloats / perImage);
  const int64_t count = (s.batch + most - 1) / most;
  const int64_t images = (s.batch + count - 1) / count;
  return {(s.batch + images - 1) / images, images};
}

}  // namespace genlab
