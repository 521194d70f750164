// The addon's one piece of global state: a CPU engine and stream, and the primitive cache.
#pragma once
#include <oneapi/dnnl/dnnl.hpp>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>
#include "kernels.h"

namespace genlab {

dnnl::engine& Engine();
dnnl::stream& Stream();

/**
 * One convolution direction for one shape, built once (oneDNN JIT-compiles it: 2-99 ms) and kept
 * with the memory it needs between calls, so a call allocates nothing (a fresh page costs ~11 us
 * on the VMs we measured on). `user*` memories wrap tfjs's tensors: their handles are set per call.
 */
struct CachedConv {
  dnnl::primitive prim;
  dnnl::memory userA, userB, userC;  // NHWC / HWIO tensors in the wasm heap, per direction (see each kernel)
  dnnl::memory userWeights;          // HWIO [kH, kW, inC, outC], handle set per call
  dnnl::memory weights;              // the weights (or their gradient) in the layout the primitive chose
  std::optional<dnnl::reorder> weightsReorder;  // HWIO <-> that layout; empty when they are the same
  dnnl::memory bias;                 // [outC] (forward with bias only)
  dnnl::memory scratchpad;           // persistent scratch (attr scratchpad_mode::user)
};

enum class ConvKind : int64_t { forward = 0, backwardData = 1, backwardFilter = 2 };

/**
 * The primitive cache. Key, in this order: direction (ConvKind), batch, inH, inW, inC, outH, outW,
 * outC, kH, kW, strideH, strideW, padTop, padLeft, padBottom, padRight, has bias (0/1), activation,
 * the activation's alpha (float bits), and the OpenMP thread count, because oneDNN fixes how it
 * splits the work among threads when it creates a primitive.
 * `build` runs on a miss; entries live until the process exits (a model has a handful of shapes).
 */
CachedConv& CachedConvFor(ConvKind kind, const ConvShape& s, bool hasBias, Activation act, float alpha,
                          const std::function<CachedConv()>& build);

// Memory descriptors in tfjs layouts (oneDNN's logical dims are always N, C, H, W / O, I, H, W).
dnnl::memory::desc InputMd(const ConvShape& s);    // x / dx  [batch, inH, inW, inC]
dnnl::memory::desc OutputMd(const ConvShape& s);   // y / dy  [batch, outH, outW, outC]
dnnl::memory::desc FilterMd(const ConvShape& s, dnnl::memory::format_tag tag);  // hwio, or any
dnnl::memory::dims Strides(const ConvShape& s);
dnnl::memory::dims PadBefore(const ConvShape& s);
dnnl::memory::dims PadAfter(const ConvShape& s);
/** The forward primitive descriptor the backward ones need as a hint (weights format any, no bias). */
dnnl::convolution_forward::primitive_desc ForwardHint(const ConvShape& s);
/** Attributes with a user-managed scratchpad (and post-ops when given). */
dnnl::primitive_attr UserScratchpad(const dnnl::post_ops* ops = nullptr);

}  // namespace genlab
