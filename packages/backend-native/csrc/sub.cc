// Sub of a row vector along the last axis (tf.moments in batch normalisation: x [batch, h, w, c]
// - mean [1, 1, 1, c]): out [rows, cols] = x [rows, cols] - v [cols], in one pass instead of
// wasm's generic broadcast. The same float operation per element as tfjs's, so the same result.
#include "row_vector_op.h"

namespace genlab {

void SubRowVector(int64_t rows, int64_t cols, const float* x, const float* v, float* out) {
  EachRowWithVector(rows, cols, x, v, out, [](float a, float b) { return a - b; });
}

}  // namespace genlab
