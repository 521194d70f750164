// LeakyRelu: out = x < 0 ? alpha * x : x (tfjs's definition), n elements.
#include "kernels.h"

namespace genlab {

void LeakyRelu(int64_t n, const float* x, float* out, float alpha) {
#pragma omp parallel for simd schedule(static)
  for (int64_t i = 0; i < n; i++) out[i] = x[i] < 0.f ? alpha * x[i] : x[i];
}

}  // namespace genlab
