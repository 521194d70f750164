// Batch normalisation with per-channel statistics (tfjs's FusedBatchNorm over NHWC or [batch,
// features]): y [rows, cols] = (x - mean) * rsqrt(variance + eps) * scale + offset, each of
// mean / variance / scale / offset [cols]. The per-channel factor rsqrt(variance + eps) * scale
// is computed once per call, so the pass over x is a subtract and a fused multiply-add.
#include <cmath>
#include <vector>
#include "kernels.h"

namespace genlab {

void FusedBatchNorm(int64_t rows, int64_t cols, const float* x, const float* mean, const float* variance,
                    const float* offset, const float* scale, float epsilon, float* y) {
  static std::vector<float> factor;  // [cols], kept between calls
  if (factor.size() < size_t(cols)) factor.resize(cols);
  float* f = factor.data();
  for (int64_t c = 0; c < cols; c++) f[c] = (scale ? scale[c] : 1.f) / std::sqrt(variance[c] + epsilon);
#pragma omp parallel for schedule(static) if (rows * cols >= kSerialElements)
  for (int64_t r = 0; r < rows; r++) {
    const float* xr = x + r * cols;
    float* yr = y + r * cols;
#pragma omp simd
    for (int64_t c = 0; c < cols; c++) yr[c] = (xr[c] - mean[c]) * f[c] + (offset ? offset[c] : 0.f);
  }
}

}  // namespace genlab
