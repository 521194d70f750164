// Square, out = x * x over n elements (tf.moments' squared deviations in batch normalisation):
// wasm's unary kernel takes ~3 ns per element here (5 ms per paper-gan-bn step for 4 calls);
// this loop vectorises.
#include "kernels.h"

namespace genlab {

void Square(int64_t n, const float* x, float* out) {
#pragma omp parallel for simd schedule(static) if (n >= kSerialElements)
  for (int64_t i = 0; i < n; i++) out[i] = x[i] * x[i];
}

}  // namespace genlab
