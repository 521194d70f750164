// tfjs's fused activations as one scalar function, for the kernels that apply bias and activation
// in their own pass over the output (matmul, and convs computed as GEMMs).
#pragma once
#include <cmath>
#include "kernels.h"

namespace genlab {

inline float Activate(float v, Activation act, float alpha) {
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

/** out [rows, cols] = act(out + bias [cols]) in place; bias may be null. One pass, rows split among threads. */
void BiasActivate(int64_t rows, int64_t cols, const float* bias, float* out, Activation act, float alpha);

}  // namespace genlab
