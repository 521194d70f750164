// out [rows, cols] = op(x [rows, cols], v [cols]) for a vector along the last axis, in one pass:
// rows threaded past kSerialElements, each row vectorised. BiasAdd (x + bias) and SubRowVector
// (x - mean in tf.moments) are this loop with their operator.
#pragma once
#include "kernels.h"

namespace genlab {

template <typename Op>
void EachRowWithVector(int64_t rows, int64_t cols, const float* x, const float* v, float* out, Op op) {
#pragma omp parallel for schedule(static) if (rows * cols >= kSerialElements)
  for (int64_t r = 0; r < rows; r++) {
    const float* xr = x + r * cols;
    float* o = out + r * cols;
#pragma omp simd
    for (int64_t c = 0; c < cols; c++) o[c] = op(xr[c], v[c]);
  }
}

}  // namespace genlab
