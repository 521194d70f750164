// The LeakyRelu gradient in one pass: dx = x > 0 ? dy : alpha * dy, what tfjs computes with
// Greater, Multiply and Select (three passes and two temporaries).
#include "kernels.h"

namespace genlab {

void LeakyReluGrad(int64_t n, const float* dy, const float* x, float* dx, float alpha) {
#pragma omp parallel for simd schedule(static)
  for (int64_t i = 0; i < n; i++) dx[i] = x[i] > 0.f ? dy[i] : alpha * dy[i];
}

}  // namespace genlab
