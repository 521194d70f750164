// BatchMatMul and _FusedMatMul: oneDNN's sgemm (JIT, AVX-512 where the CPU has it) takes the
// transposes as flags, so nothing is copied; bias and activation follow in one pass over out.
#include "activation.h"
#include "kernels.h"
#include <oneapi/dnnl/dnnl.hpp>

namespace genlab {

void BatchMatMul(const MatMulShape& s, const float* a, const float* b, const float* bias, float* out, Activation act,
                 float alpha) {
  const int batch = s.batchA > s.batchB ? s.batchA : s.batchB;
  KernelThreads threads(2.0 * batch * s.m * s.n * s.k);
  const int64_t aSize = int64_t(s.m) * s.k, bSize = int64_t(s.k) * s.n, outSize = int64_t(s.m) * s.n;
  for (int i = 0; i < batch; i++) {
    // a [m, k] (or [k, m] transposed), b [k, n] (or [n, k]), out [m, n], all row-major.
    dnnl::sgemm(s.transA ? 'T' : 'N', s.transB ? 'T' : 'N', s.m, s.n, s.k, 1.f,
                a + (s.batchA == 1 ? 0 : i * aSize), s.transA ? s.m : s.k,
                b + (s.batchB == 1 ? 0 : i * bSize), s.transB ? s.k : s.n, 0.f, out + i * outSize, s.n);
  }
  BiasActivate(int64_t(batch) * s.m, s.n, bias, out, act, alpha);
}

}  // namespace genlab
