// One Adam step for one variable in one pass, in the order of operations of tfjs's AdamOptimizer
// (so results stay within float rounding of it):
//   m' = m * b1 + g * (1 - b1);  v' = v * b2 + g^2 * (1 - b2)
//   var' = (m' / (1 - b1^t)) / (sqrt(v' / (1 - b2^t)) + eps) * -lr + var
#include <cmath>
#include "kernels.h"

namespace genlab {

void Adam(int64_t n, const AdamStep& p, const float* var, const float* m, const float* v, const float* g,
          float* varOut, float* mOut, float* vOut) {
#pragma omp parallel for simd schedule(static)
  for (int64_t i = 0; i < n; i++) {
    const float m1 = m[i] * p.beta1 + g[i] * p.oneMinusBeta1;
    const float v1 = v[i] * p.beta2 + (g[i] * g[i]) * p.oneMinusBeta2;
    mOut[i] = m1;
    vOut[i] = v1;
    varOut[i] = (m1 / p.oneMinusAccBeta1) / (std::sqrt(v1 / p.oneMinusAccBeta2) + p.epsilon) * -p.lr + var[i];
  }
}

}  // namespace genlab
