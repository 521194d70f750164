// BatchMatMul and _FusedMatMul: oneDNN's sgemm (JIT, AVX-512 where the CPU has it) takes the
// transposes as flags, so nothing is copied; bias and activation follow in one pass over out.
#include <cmath>
#include "kernels.h"
#include <oneapi/dnnl/dnnl.hpp>

namespace genlab {

static inline float Activate(float v, Activation act, float alpha) {
  switch (act) {
    case Activation::linear: return v;
    case Activation::relu: return v > 0.f ? v : 0.f;
    case Activation::relu6: return v < 0.f ? 0.f : (v > 6.f ? 6.f : v);
    case Activation::leakyrelu: return v < 0.f ? alpha * v : v;
    case Activation::elu: return v < 0.f ? std::expm1(v) : v;
    case Activation::sigmoid: return 1.f / (1.f + std::exp(-v));
  }
  return v;
}

void BatchMatMul(const MatMulShape& s, const float* a, const float* b, const float* bias, float* out, Activation act,
                 float alpha) {
  const int batch = s.batchA > s.batchB ? s.batchA : s.batchB;
  const int64_t aSize = int64_t(s.m) * s.k, bSize = int64_t(s.k) * s.n, outSize = int64_t(s.m) * s.n;
  for (int i = 0; i < batch; i++) {
    // a [m, k] (or [k, m] transposed), b [k, n] (or [n, k]), out [m, n], all row-major.
    dnnl::sgemm(s.transA ? 'T' : 'N', s.transB ? 'T' : 'N', s.m, s.n, s.k, 1.f,
                a + (s.batchA == 1 ? 0 : i * aSize), s.transA ? s.m : s.k,
                b + (s.batchB == 1 ? 0 : i * bSize), s.transB ? s.k : s.n, 0.f, out + i * outSize, s.n);
  }
  if (bias == nullptr && act == Activation::linear) return;
  const int64_t rows = int64_t(batch) * s.m;
  const int n = s.n;
#pragma omp parallel for schedule(static)
  for (int64_t r = 0; r < rows; r++) {
    float* row = out + r * n;
    for (int j = 0; j < n; j++) row[j] = Activate(bias ? row[j] + bias[j] : row[j], act, alpha);
  }
}

}  // namespace genlab
