// Add with a bias broadcast along the last axis (tfjs-layers' biasAdd after conv2dTranspose):
// out [rows, cols] = x [rows, cols] + bias [cols], in one pass instead of wasm's generic broadcast.
// Also the in-place bias + activation pass of the kernels that compute their output by sgemm.
#include "activation.h"
#include "kernels.h"
#include "row_vector_op.h"

namespace genlab {

void BiasAdd(int64_t rows, int64_t cols, const float* x, const float* bias, float* out) {
  EachRowWithVector(rows, cols, x, bias, out, [](float a, float b) { return a + b; });
}

void BiasActivate(int64_t rows, int64_t cols, const float* bias, float* out, Activation act, float alpha) {
  if (bias == nullptr && act == Activation::linear) return;
#pragma omp parallel for schedule(static) if (rows * cols >= kSerialElements)
  for (int64_t r = 0; r < rows; r++) {
    float* row = out + r * cols;
    for (int64_t j = 0; j < cols; j++) row[j] = Activate(bias ? row[j] + bias[j] : row[j], act, alpha);
  }
}

}  // namespace genlab
