// The gradient of FusedBatchNorm in one pass over dy and x, what tfjs's gradient
// (tfjs-core gradients/FusedBatchNorm_grad.js) computes with a Tile, about a dozen full-size
// element-wise ops and four Sums. With inv = rsqrt(variance + eps), per channel c:
//   dx        = dy * inv * scale                                  [rows, cols]
//   dmean     = -inv * scale * sum_r dy                           [cols]
//   dvariance = -0.5 * inv^3 * scale * sum_r dy * (x - mean)      [cols]
//   dscale    = inv * sum_r dy * (x - mean)                       [cols]
//   doffset   = sum_r dy                                          [cols]
// (dmean and dvariance are the gradients w.r.t. FusedBatchNorm's own mean and variance inputs;
// in training they flow on into tf.moments' gradients, as in tfjs.) As in SumRows, each thread
// sums a fixed block of rows into its own partials and those are added in thread order, so
// results repeat run to run at the same thread count. Partials live in a buffer kept between calls.
#include <omp.h>
#include <algorithm>
#include <cmath>
#include <vector>
#include "kernels.h"

namespace genlab {

void FusedBatchNormGrad(int64_t rows, int64_t cols, const float* dy, const float* x, const float* mean,
                        const float* variance, const float* scale, float epsilon, float* dx, float* dmean,
                        float* dvariance, float* dscale, float* doffset) {
  static std::vector<float> buffer;  // [cols] factors, then [threads, 2, cols] partial sums
  const int threads = rows * cols < kSerialElements ? 1 : std::max<int64_t>(1, std::min<int64_t>(Threads(), rows / 64));
  if (buffer.size() < size_t((1 + 2 * threads) * cols)) buffer.resize((1 + 2 * threads) * cols);
  float* f = buffer.data();  // inv * scale
  float* partials = f + cols;
  for (int64_t c = 0; c < cols; c++) f[c] = (scale ? scale[c] : 1.f) / std::sqrt(variance[c] + epsilon);
#pragma omp parallel num_threads(threads)
  {
    const int t = omp_get_thread_num();
    const int64_t begin = rows * t / threads, end = rows * (t + 1) / threads;
    float* sumDy = partials + 2 * t * cols;   // sum_r dy
    float* sumDyXc = sumDy + cols;            // sum_r dy * (x - mean)
    std::fill(sumDy, sumDy + 2 * cols, 0.f);
    for (int64_t r = begin; r < end; r++) {
      const float* dyr = dy + r * cols;
      const float* xr = x + r * cols;
      float* dxr = dx + r * cols;
#pragma omp simd
      for (int64_t c = 0; c < cols; c++) {
        sumDy[c] += dyr[c];
        sumDyXc[c] += dyr[c] * (xr[c] - mean[c]);
        dxr[c] = dyr[c] * f[c];
      }
    }
  }
  for (int64_t c = 0; c < cols; c++) {
    float s = 0.f, sx = 0.f;
    for (int t = 0; t < threads; t++) {
      s += partials[2 * t * cols + c];
      sx += partials[(2 * t + 1) * cols + c];
    }
    const float inv = 1.f / std::sqrt(variance[c] + epsilon);
    const float g = scale ? scale[c] : 1.f;
    dmean[c] = -inv * g * s;
    dvariance[c] = -0.5f * inv * inv * inv * g * sx;
    dscale[c] = inv * sx;
    doffset[c] = s;
  }
}

}  // namespace genlab
