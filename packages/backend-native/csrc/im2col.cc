// Im2Col and Col2Im (im2col.h). Pixels whose whole window lies inside the input (most of them
// on 28x28 images) are copied with the kernel size known at compile time for the paper's
// one-channel 3x3 and 5x5 kernels: with one channel a window is only 9 or 25 floats, and with
// runtime bounds the loops' setup cost more than the copy (docs/speed.md has the figures).
#include "im2col.h"

namespace genlab {

namespace {

/**
 * Calls f(full, ih0, iw0, pixel's row of cols) for every output pixel of one image, where
 * (ih0, iw0) is the input position of tap (0, 0) (negative in the padding) and `full` says the
 * whole window lies inside the input.
 */
template <class F>
void ForEachPixel(const ConvShape& s, F f) {
  const int64_t taps = int64_t(s.kH) * s.kW * s.inC;
  for (int oh = 0; oh < s.outH; oh++) {
    const int ih0 = oh * s.strideH - s.padTop;
    const bool rowsInside = ih0 >= 0 && ih0 + s.kH <= s.inH;
    for (int ow = 0; ow < s.outW; ow++) {
      const int iw0 = ow * s.strideW - s.padLeft;
      f(rowsInside && iw0 >= 0 && iw0 + s.kW <= s.inW, ih0, iw0, (int64_t(oh) * s.outW + ow) * taps);
    }
  }
}

/** Calls f(tap, input offset) for the taps of the window at (ih0, iw0) that lie inside the input, channel by channel. */
template <class F>
void ForEachInsideTap(const ConvShape& s, int ih0, int iw0, F f) {
  for (int kh = std::max(0, -ih0); kh < std::min(s.kH, s.inH - ih0); kh++)
    for (int kw = std::max(0, -iw0); kw < std::min(s.kW, s.inW - iw0); kw++) {
      const int64_t tap = (int64_t(kh) * s.kW + kw) * s.inC, in = ((int64_t(ih0) + kh) * s.inW + iw0 + kw) * s.inC;
      for (int ic = 0; ic < s.inC; ic++) f(tap + ic, in + ic);
    }
}

/**
 * One full window of a kK x kK kernel on one channel: kK runs of kK floats, input rows inW apart,
 * copied into the pixel's row of cols (im2col) or that row added onto the input (col2im).
 */
template <int kK>
void CopyWindow(int64_t inW, const float* x, float* row) {
  for (int kh = 0; kh < kK; kh++)
    for (int kw = 0; kw < kK; kw++) row[kh * kK + kw] = x[kh * inW + kw];
}
template <int kK>
void AddWindow(int64_t inW, const float* row, float* dx) {
  for (int kh = 0; kh < kK; kh++)
    for (int kw = 0; kw < kK; kw++) dx[kh * inW + kw] += row[kh * kK + kw];
}

/**
 * Im2Col and Col2Im of one image, for a kK x kK one-channel kernel when kK > 0 (the whole loop
 * compiled for that size), any kernel when kK = 0.
 */
template <int kK>
void Im2ColFor(const ConvShape& s, const float* x, float* cols) {
  ForEachPixel(s, [&](bool full, int ih0, int iw0, int64_t at) {
    float* row = cols + at;  // [kH, kW, inC]
    if (kK && full) return CopyWindow<kK>(s.inW, x + int64_t(ih0) * s.inW + iw0, row);
    // Taps in the padding read zero.
    std::fill(row, row + int64_t(s.kH) * s.kW * s.inC, 0.f);
    ForEachInsideTap(s, ih0, iw0, [&](int64_t tap, int64_t in) { row[tap] = x[in]; });
  });
}
template <int kK>
void Col2ImFor(const ConvShape& s, const float* cols, float* dx) {
  std::fill(dx, dx + int64_t(s.inH) * s.inW * s.inC, 0.f);
  ForEachPixel(s, [&](bool full, int ih0, int iw0, int64_t at) {
    const float* row = cols + at;  // [kH, kW, inC]
    if (kK && full) return AddWindow<kK>(s.inW, row, dx + int64_t(ih0) * s.inW + iw0);
    ForEachInsideTap(s, ih0, iw0, [&](int64_t tap, int64_t in) { dx[in] += row[tap]; });
  });
}

/** The paper's one-channel kernel sizes, compiled with constant bounds. */
bool Fixed(const ConvShape& s, int k) { return s.inC == 1 && s.kH == k && s.kW == k; }

}  // namespace

void Im2Col(const ConvShape& s, const float* x, float* cols) {
  if (Fixed(s, 5)) return Im2ColFor<5>(s, x, cols);
  if (Fixed(s, 3)) return Im2ColFor<3>(s, x, cols);
  Im2ColFor<0>(s, x, cols);
}

void Col2Im(const ConvShape& s, const float* cols, float* dx) {
  if (Fixed(s, 5)) return Col2ImFor<5>(s, cols, dx);
  if (Fixed(s, 3)) return Col2ImFor<3>(s, cols, dx);
  Col2ImFor<0>(s, cols, dx);
}

}  // namespace genlab
