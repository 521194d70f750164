// Conv2DBackpropInput (the input gradient of a conv, and the forward pass of conv2dTranspose):
// oneDNN's backward-data convolution, weights reordered from HWIO into the layout it chose; for
// few input channels a GEMM + col2im (conv2d_backprop_input_col2im.cc), where oneDNN is slow, and
// for small outputs tap GEMMs (conv2d_tap_gemm.cc, see UseTapGemm in kernels.h).
#include "dnnl_context.h"

namespace genlab {

using dnnl::memory;
using tag = memory::format_tag;

static CachedConv Build(const ConvShape& s) {
  dnnl::convolution_backward_data::desc d(dnnl::algorithm::convolution_direct, InputMd(s), FilterMd(s, tag::any),
                                          OutputMd(s), Strides(s), PadBefore(s), PadAfter(s));
  dnnl::convolution_backward_data::primitive_desc pd(d, UserScratchpad(), Engine(), ForwardHint(s));
  CachedConv c;
  c.prim = dnnl::convolution_backward_data(pd);
  c.userA = memory(OutputMd(s), Engine(), DNNL_MEMORY_NONE);  // dy
  c.userC = memory(InputMd(s), Engine(), DNNL_MEMORY_NONE);   // dx
  c.userWeights = memory(FilterMd(s, tag::hwio), Engine(), DNNL_MEMORY_NONE);
  if (pd.weights_desc() != c.userWeights.get_desc()) {
    c.weights = memory(pd.weights_desc(), Engine());
    c.weightsReorder = dnnl::reorder(c.userWeights, c.weights);
  }
  c.scratchpad = memory(pd.scratchpad_desc(), Engine());
  return c;
}

void Conv2DBackpropInput(const ConvShape& s, const float* dy, const float* w, float* dx) {
  if (UseTapGemm(s, false)) return Conv2DBackpropInputTapGemm(s, dy, w, dx);
  if (s.inC <= kCol2ImMaxInChannels) return Conv2DBackpropInputCol2Im(s, dy, w, dx);
  KernelThreads threads(s.Flops());
  CachedConv& c = CachedConvFor(ConvKind::backwardData, s, false, Activation::linear, 0.f, [&] { return Build(s); });
  c.userA.set_data_handle(const_cast<float*>(dy));
  c.userC.set_data_handle(dx);
  c.userWeights.set_data_handle(const_cast<float*>(w));
  dnnl::stream& stream = Stream();
  if (c.weightsReorder) c.weightsReorder->execute(stream, c.userWeights, c.weights);
  c.prim.execute(stream, {{DNNL_ARG_DIFF_DST, c.userA},
                          {DNNL_ARG_WEIGHTS, c.weightsReorder ? c.weights : c.userWeights},
                          {DNNL_ARG_DIFF_SRC, c.userC},
                          {DNNL_ARG_SCRATCHPAD, c.scratchpad}});
  stream.wait();
}

}  // namespace genlab
