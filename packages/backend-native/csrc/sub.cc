// Sub of a row vector along the last axis (tf.moments in batch normalisation: x [batch, h, w, c]
// - mean [1, 1, 1, c]): out [rows, cols] = x [rows, cols] - v [cols], in one pass instead of
// wasm's generic broadcast. The same float operation per element as tfjs's, so the same result.
#include "kernels.h"

namespace genlab {

void SubRowVector(int64_t rows, int64_t cols, const float* x, const float* v, float* out) {
#pragma omp parallel for schedule(static) if (rows * cols >= kSerialElements)
  for (int64_t r = 0; r < rows; r++) {
    const float* xr = x + r * cols;
    float* o = out + r * cols;
#pragma omp simd
    for (int64_t c = 0; c < cols; c++) o[c] = xr[c] - v[c];
  }
}

}  // namespace genlab
