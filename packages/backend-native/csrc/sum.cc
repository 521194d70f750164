// Sum over every axis but the last (the bias gradient of conv, conv2dTranspose and dense layers):
// out [cols] = sum_r x [r, cols]. Each thread sums a fixed block of rows into its own partial row,
// then the partials are added in thread order, so the result is the same on every run with the
// same thread count. Partials live in a buffer kept between calls.
#include <omp.h>
#include <algorithm>
#include <vector>
#include "kernels.h"

namespace genlab {

void SumRows(int64_t rows, int64_t cols, const float* x, float* out) {
  static std::vector<float> partials;  // [threads, cols], grown once and kept
  const int threads = std::max<int64_t>(1, std::min<int64_t>(omp_get_max_threads(), rows / 64));
  if (partials.size() < size_t(threads * cols)) partials.resize(threads * cols);
  float* p = partials.data();
#pragma omp parallel num_threads(threads)
  {
    const int t = omp_get_thread_num();
    const int64_t begin = rows * t / threads, end = rows * (t + 1) / threads;
    float* acc = p + t * cols;
    std::fill(acc, acc + cols, 0.f);
    for (int64_t r = begin; r < end; r++) {
      const float* xr = x + r * cols;
#pragma omp simd
      for (int64_t c = 0; c < cols; c++) acc[c] += xr[c];
    }
  }
  std::copy(p, p + cols, out);
  for (int t = 1; t < threads; t++) {
    const float* acc = p + t * cols;
    for (int64_t c = 0; c < cols; c++) out[c] += acc[c];
  }
}

}  // namespace genlab
