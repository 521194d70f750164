// Add with a bias broadcast along the last axis (tfjs-layers' biasAdd after conv2dTranspose):
// out [rows, cols] = x [rows, cols] + bias [cols], in one pass instead of wasm's generic broadcast.
#include "kernels.h"

namespace genlab {

void BiasAdd(int64_t rows, int64_t cols, const float* x, const float* bias, float* out) {
#pragma omp parallel for schedule(static)
  for (int64_t r = 0; r < rows; r++) {
    const float* xr = x + r * cols;
    float* o = out + r * cols;
#pragma omp simd
    for (int64_t c = 0; c < cols; c++) o[c] = xr[c] + bias[c];
  }
}

}  // namespace genlab
