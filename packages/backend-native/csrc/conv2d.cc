// Conv2D and FusedConv2D: one oneDNN forward convolution, bias and activation as post-ops; small
// outputs as tap GEMMs (conv2d_tap_gemm.cc, see UseTapGemm in kernels.h), one input channel as
// im2col + sgemm (conv2d_im2col_gemm.cc, see UseIm2ColGemm).
// Weights are declared format_tag::any and reordered from HWIO each call: with plain HWIO oneDNN
// silently falls back to gemm:jit, 2-6x slower on the paper's shapes.
#include "dnnl_context.h"

namespace genlab {

using dnnl::memory;
using tag = memory::format_tag;

static dnnl::post_ops ActivationPostOps(Activation act, float alpha) {
  dnnl::post_ops ops;
  switch (act) {
    case Activation::linear: break;
    case Activation::relu: ops.append_eltwise(1.f, dnnl::algorithm::eltwise_relu, 0.f, 0.f); break;
    case Activation::leakyrelu: ops.append_eltwise(1.f, dnnl::algorithm::eltwise_relu, alpha, 0.f); break;
    case Activation::relu6: ops.append_eltwise(1.f, dnnl::algorithm::eltwise_clip, 0.f, 6.f); break;
    case Activation::elu: ops.append_eltwise(1.f, dnnl::algorithm::eltwise_elu, 1.f, 0.f); break;
    case Activation::sigmoid: ops.append_eltwise(1.f, dnnl::algorithm::eltwise_logistic, 0.f, 0.f); break;
  }
  return ops;
}

static CachedConv Build(const ConvShape& s, bool hasBias, Activation act, float alpha) {
  memory::desc biasMd({s.outC}, memory::data_type::f32, tag::x);
  dnnl::convolution_forward::desc d =
      hasBias ? dnnl::convolution_forward::desc(dnnl::prop_kind::forward_training, dnnl::algorithm::convolution_direct,
                                                InputMd(s), FilterMd(s, tag::any), biasMd, OutputMd(s), Strides(s),
                                                PadBefore(s), PadAfter(s))
              : dnnl::convolution_forward::desc(dnnl::prop_kind::forward_training, dnnl::algorithm::convolution_direct,
                                                InputMd(s), FilterMd(s, tag::any), OutputMd(s), Strides(s),
                                                PadBefore(s), PadAfter(s));
  dnnl::post_ops ops = ActivationPostOps(act, alpha);
  dnnl::convolution_forward::primitive_desc pd(d, UserScratchpad(&ops), Engine());
  CachedConv c;
  c.prim = dnnl::convolution_forward(pd);
  c.userA = memory(InputMd(s), Engine(), DNNL_MEMORY_NONE);   // x
  c.userC = memory(OutputMd(s), Engine(), DNNL_MEMORY_NONE);  // y
  c.userWeights = memory(FilterMd(s, tag::hwio), Engine(), DNNL_MEMORY_NONE);
  if (pd.weights_desc() != c.userWeights.get_desc()) {
    c.weights = memory(pd.weights_desc(), Engine());
    c.weightsReorder = dnnl::reorder(c.userWeights, c.weights);
  }
  if (hasBias) c.bias = memory(biasMd, Engine(), DNNL_MEMORY_NONE);
  c.scratchpad = memory(pd.scratchpad_desc(), Engine());
  return c;
}

void Conv2D(const ConvShape& s, const float* x, const float* w, const float* bias, float* y, Activation act, float alpha) {
  if (UseTapGemm(s, false)) return Conv2DTapGemm(s, x, w, bias, y, act, alpha);
  if (UseIm2ColGemm(s, false)) return Conv2DIm2ColGemm(s, x, w, bias, y, act, alpha);
  KernelThreads threads(s.Flops());
  const bool hasBias = bias != nullptr;
  CachedConv& c = CachedConvFor(ConvKind::forward, s, hasBias, act, alpha, [&] { return Build(s, hasBias, act, alpha); });
  c.userA.set_data_handle(const_cast<float*>(x));
  c.userC.set_data_handle(y);
  c.userWeights.set_data_handle(const_cast<float*>(w));
  dnnl::stream& stream = Stream();
  if (c.weightsReorder) c.weightsReorder->execute(stream, c.userWeights, c.weights);
  std::unordered_map<int, memory> args{{DNNL_ARG_SRC, c.userA},
                                       {DNNL_ARG_WEIGHTS, c.weightsReorder ? c.weights : c.userWeights},
                                       {DNNL_ARG_DST, c.userC},
                                       {DNNL_ARG_SCRATCHPAD, c.scratchpad}};
  if (hasBias) {
    c.bias.set_data_handle(const_cast<float*>(bias));
    args.emplace(DNNL_ARG_BIAS, c.bias);
  }
  c.prim.execute(stream, args);
  stream.wait();
}

}  // namespace genlab
