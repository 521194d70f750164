// Mean over every axis but the last (tf.moments in batch normalisation: [batch, h, w, c] -> [c],
// or [batch, features] -> [features]) as SumRows and one division per channel. wasm's Mean
// transposes NHWC so that the reduced axes come last, a full copy, before it reduces.
// Its gradient, dx [rows, cols] = dy [cols] / rows, is one broadcast pass instead of tfjs's
// ones(x.shape) tensor, a broadcast Multiply and a RealDiv.
#include "kernels.h"

namespace genlab {

void MeanRows(int64_t rows, int64_t cols, const float* x, float* out) {
  SumRows(rows, cols, x, out);
  const float n = static_cast<float>(rows);
  for (int64_t c = 0; c < cols; c++) out[c] /= n;
}

void MeanRowsGrad(int64_t rows, int64_t cols, const float* dy, float* dx) {
  const float n = static_cast<float>(rows);
#pragma omp parallel for schedule(static) if (rows * cols >= kSerialElements)
  for (int64_t r = 0; r < rows; r++) {
    float* dxr = dx + r * cols;
#pragma omp simd
    for (int64_t c = 0; c < cols; c++) dxr[c] = dy[c] / n;
  }
}

}  // namespace genlab
