// Conv2DBackpropFilter for one input channel and a square 3x3 or 5x5 kernel, as a direct loop
// with the filter gradient in AVX-512 registers: for a block of kernel rows and 32 output
// channels, every output pixel adds x [tap] x dy [pixel, 32 channels] onto (rows x kK taps) x 32
// accumulators (18 for 3x3, 20 for two rows of 5x5), reading x from a zero-padded copy of the
// image so no tap is bounds-checked.
//
//   dw [kh, kw, 0, c] = sum over n, oh, ow of xp [n, oh*strideH + kh, ow*strideW + kw] . dy [n, oh, ow, c]
//   xp [n, Hp, Wp]: x with padTop rows and padLeft columns of zeros before, zeros after
//
// Why: with one channel a tap is one float, so im2col + sgemm copies as many floats as it
// multiplies by 32 (VAE1) and the copy, not the sgemm, took most of the time; oneDNN's kernel
// does not gain from a second thread on these shapes (docs/speed.md has the figures).
// Threads take whole chunks of images (ImageChunksFor); one partial per chunk, summed in chunk
// order by the caller, so results repeat run to run and on any thread count.
#include <algorithm>
#include "conv2d_backprop_filter_one_channel.h"
#include <cstring>

namespace genlab {

#if defined(__x86_64__) || defined(__i386__)  // the loop is written for AVX-512; elsewhere it never fits

namespace {

typedef float Vec16 __attribute__((vector_size(64)));  // one AVX-512 register of floats

/** The zero-padded image geometry: every tap of every output pixel lands inside [Hp, Wp]. */
struct Padded {
  int h, w;
};
Padded PaddedOf(const ConvShape& s) { return {(s.outH - 1) * s.strideH + s.kH, (s.outW - 1) * s.strideW + s.kW}; }

/** xp [Hp, Wp] of one image x [inH, inW]: x shifted by (padTop, padLeft), zeros around. */
void PadImage(const ConvShape& s, Padded p, const float* x, float* xp) {
  std::fill(xp, xp + int64_t(p.h) * p.w, 0.f);
  const int w0 = std::max(0, -s.padLeft), w1 = std::min(s.inW, p.w - s.padLeft);  // input columns that land inside
  for (int ih = std::max(0, -s.padTop); ih < std::min(s.inH, p.h - s.padTop); ih++)
    if (w1 > w0) std::memcpy(xp + int64_t(ih + s.padTop) * p.w + s.padLeft + w0, x + int64_t(ih) * s.inW + w0, sizeof(float) * (w1 - w0));
}

/**
 * out [kh0 .. kh0 + kRows, 0 .. kK, c0 .. c0 + 32] (rows of outC) = the gradient of those taps
 * over `images` padded images xp [images, Hp, Wp] and their dy [images, outH, outW, outC].
 */
template <int kK, int kRows>
__attribute__((target("avx512f"))) void TapRows(const ConvShape& s, Padded p, int64_t images, const float* xp,
                                                const float* dy, int kh0, int c0, float* out) {
  Vec16 acc[kRows * kK][2] = {};
  for (int64_t n = 0; n < images; n++)
    for (int oh = 0; oh < s.outH; oh++) {
      const float* xRow = xp + (n * p.h + int64_t(oh) * s.strideH + kh0) * p.w;  // tap (kh0, 0) of pixel (oh, 0)
      const float* dyRow = dy + ((n * s.outH + oh) * s.outW) * s.outC + c0;
      for (int ow = 0; ow < s.outW; ow++) {
        Vec16 d0, d1;
        std::memcpy(&d0, dyRow + int64_t(ow) * s.outC, sizeof d0);
        std::memcpy(&d1, dyRow + int64_t(ow) * s.outC + 16, sizeof d1);
        const float* xs = xRow + ow * s.strideW;
        for (int r = 0; r < kRows; r++)
          for (int kw = 0; kw < kK; kw++) {
            const float v = xs[r * p.w + kw];
            acc[r * kK + kw][0] += v * d0;
            acc[r * kK + kw][1] += v * d1;
          }
      }
    }
  for (int t = 0; t < kRows * kK; t++) {
    float* o = out + (int64_t(kh0) * kK + t) * s.outC + c0;
    std::memcpy(o, &acc[t][0], sizeof acc[t][0]);
    std::memcpy(o + 16, &acc[t][1], sizeof acc[t][1]);
  }
}

}  // namespace

bool FilterGradientOneChannelFits(const ConvShape& s) {
  return s.inC == 1 && s.kH == s.kW && (s.kH == 3 || s.kH == 5) && s.outC % 32 == 0 && __builtin_cpu_supports("avx512f");
}

void FilterGradientOneChannel(const ConvShape& s, const float* x, const float* dy, int64_t images, float* padded,
                              float* out) {
  const Padded p = PaddedOf(s);
  for (int64_t n = 0; n < images; n++) PadImage(s, p, x + n * s.inH * s.inW, padded + n * p.h * p.w);
  for (int c0 = 0; c0 < s.outC; c0 += 32) {
    if (s.kH == 3) {
      TapRows<3, 3>(s, p, images, padded, dy, 0, c0, out);
    } else {  // 5x5 as kernel rows 0-1, 2-3 and 4: 20 accumulators at most
      TapRows<5, 2>(s, p, images, padded, dy, 0, c0, out);
      TapRows<5, 2>(s, p, images, padded, dy, 2, c0, out);
      TapRows<5, 1>(s, p, images, padded, dy, 4, c0, out);
    }
  }
}

int64_t PaddedImageFloats(const ConvShape& s) {
  const Padded p = PaddedOf(s);
  return int64_t(p.h) * p.w;
}

#else

bool FilterGradientOneChannelFits(const ConvShape&) { return false; }
int64_t PaddedImageFloats(const ConvShape&) { return 0; }
void FilterGradientOneChannel(const ConvShape&, const float*, const float*, int64_t, float*, float*) {}

#endif

}  // namespace genlab
