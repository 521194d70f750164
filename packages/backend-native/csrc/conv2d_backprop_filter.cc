// Conv2DBackpropFilter (the filter gradient of a conv or a conv2dTranspose): oneDNN's
// backward-weights convolution into the layout it chose, then reordered to tfjs's HWIO; small
// outputs as tap GEMMs straight into HWIO (conv2d_tap_gemm.cc, see UseTapGemm in kernels.h); one
// input channel per chunk of images, directly or as im2col + sgemm (conv2d_im2col_gemm.cc, see
// UseIm2ColGemm).
#include "dnnl_context.h"

namespace genlab {

using dnnl::memory;
using tag = memory::format_tag;

static CachedConv Build(const ConvShape& s) {
  dnnl::convolution_backward_weights::desc d(dnnl::algorithm::convolution_direct, InputMd(s), FilterMd(s, tag::any),
                                             OutputMd(s), Strides(s), PadBefore(s), PadAfter(s));
  dnnl::convolution_backward_weights::primitive_desc pd(d, UserScratchpad(), Engine(), ForwardHint(s));
  CachedConv c;
  c.prim = dnnl::convolution_backward_weights(pd);
  c.userA = memory(InputMd(s), Engine(), DNNL_MEMORY_NONE);   // x
  c.userB = memory(OutputMd(s), Engine(), DNNL_MEMORY_NONE);  // dy
  c.userWeights = memory(FilterMd(s, tag::hwio), Engine(), DNNL_MEMORY_NONE);  // dw
  if (pd.diff_weights_desc() != c.userWeights.get_desc()) {
    c.weights = memory(pd.diff_weights_desc(), Engine());
    c.weightsReorder = dnnl::reorder(c.weights, c.userWeights);
  }
  c.scratchpad = memory(pd.scratchpad_desc(), Engine());
  return c;
}

void Conv2DBackpropFilter(const ConvShape& s, const float* x, const float* dy, float* dw) {
  if (UseTapGemm(s, true)) return Conv2DBackpropFilterTapGemm(s, x, dy, dw);
  if (UseIm2ColGemm(s, true)) return Conv2DBackpropFilterIm2ColGemm(s, x, dy, dw);
  KernelThreads threads(s.Flops());
  CachedConv& c = CachedConvFor(ConvKind::backwardFilter, s, false, Activation::linear, 0.f, [&] { return Build(s); });
  c.userA.set_data_handle(const_cast<float*>(x));
  c.userB.set_data_handle(const_cast<float*>(dy));
  c.userWeights.set_data_handle(dw);
  dnnl::stream& stream = Stream();
  c.prim.execute(stream, {{DNNL_ARG_SRC, c.userA},
                          {DNNL_ARG_DIFF_DST, c.userB},
                          {DNNL_ARG_DIFF_WEIGHTS, c.weightsReorder ? c.weights : c.userWeights},
                          {DNNL_ARG_SCRATCHPAD, c.scratchpad}});
  if (c.weightsReorder) c.weightsReorder->execute(stream, c.weights, c.userWeights);
  stream.wait();
}

}  // namespace genlab
