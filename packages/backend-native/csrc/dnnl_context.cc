#include "dnnl_context.h"
#include <omp.h>
#include <cstring>
#include <map>
#include <memory>
#include <sstream>

namespace genlab {

using dnnl::memory;
using tag = memory::format_tag;
using dt = memory::data_type;

dnnl::engine& Engine() {
  static dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  return engine;
}

dnnl::stream& Stream() {
  static dnnl::stream stream(Engine());
  return stream;
}

std::string ConvShape::str() const {
  std::ostringstream o;
  o << "x [" << batch << ", " << inH << ", " << inW << ", " << inC << "], filter [" << kH << ", " << kW << ", "
    << inC << ", " << outC << "], y [" << batch << ", " << outH << ", " << outW << ", " << outC << "], strides ["
    << strideH << ", " << strideW << "], pads [top " << padTop << ", left " << padLeft << ", bottom " << padBottom
    << ", right " << padRight << "]";
  return o.str();
}

std::string MatMulShape::str() const {
  std::ostringstream o;
  o << "a batch " << batchA << ", b batch " << batchB << ", m " << m << ", n " << n << ", k " << k
    << ", transposeA " << transA << ", transposeB " << transB;
  return o.str();
}

CachedConv& CachedConvFor(ConvKind kind, const ConvShape& s, bool hasBias, Activation act, float alpha,
                          const std::function<CachedConv()>& build) {
  static std::map<std::vector<int64_t>, std::unique_ptr<CachedConv>> cache;
  int32_t alphaBits;
  std::memcpy(&alphaBits, &alpha, sizeof alphaBits);
  std::vector<int64_t> key{static_cast<int64_t>(kind), s.batch, s.inH, s.inW, s.inC, s.outH, s.outW, s.outC,
                           s.kH, s.kW, s.strideH, s.strideW, s.padTop, s.padLeft, s.padBottom, s.padRight,
                           hasBias ? 1 : 0, static_cast<int64_t>(act), alphaBits, omp_get_max_threads()};
  auto it = cache.find(key);
  if (it == cache.end()) it = cache.emplace(key, std::make_unique<CachedConv>(build())).first;
  return *it->second;
}

memory::desc InputMd(const ConvShape& s) { return {{s.batch, s.inC, s.inH, s.inW}, dt::f32, tag::nhwc}; }
memory::desc OutputMd(const ConvShape& s) { return {{s.batch, s.outC, s.outH, s.outW}, dt::f32, tag::nhwc}; }
memory::desc FilterMd(const ConvShape& s, tag t) { return {{s.outC, s.inC, s.kH, s.kW}, dt::f32, t}; }
memory::dims Strides(const ConvShape& s) { return {s.strideH, s.strideW}; }
memory::dims PadBefore(const ConvShape& s) { return {s.padTop, s.padLeft}; }
memory::dims PadAfter(const ConvShape& s) { return {s.padBottom, s.padRight}; }

dnnl::convolution_forward::primitive_desc ForwardHint(const ConvShape& s) {
  dnnl::convolution_forward::desc d(dnnl::prop_kind::forward_training, dnnl::algorithm::convolution_direct,
                                    InputMd(s), FilterMd(s, tag::any), OutputMd(s), Strides(s), PadBefore(s), PadAfter(s));
  return {d, Engine()};
}

dnnl::primitive_attr UserScratchpad(const dnnl::post_ops* ops) {
  dnnl::primitive_attr attr;
  attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
  if (ops) attr.set_post_ops(*ops);
  return attr;
}

void SetThreads(int threads) { omp_set_num_threads(threads); }
int Threads() { return omp_get_max_threads(); }

}  // namespace genlab
