// The Node-API entry: unpacks arguments, checks they stay inside the heap, and dispatches to one
// kernel. Tensors are passed as one Float32Array view of the wasm heap plus element offsets, so
// kernels read and write tfjs's tensor memory in place. Any C++ exception becomes a JS Error
// naming the kernel and the shape it failed on.
#include <node_api.h>
#include <oneapi/dnnl/dnnl.hpp>
#include <exception>
#include <functional>
#include <stdexcept>
#include <string>
#include "kernels.h"
#include "signals_held.h"

namespace {

using namespace genlab;

constexpr size_t kMaxArgs = 16;

class Args {
 public:
  Args(napi_env env, napi_callback_info info, size_t expected) : env_(env) {
    size_t argc = kMaxArgs;
    napi_get_cb_info(env, info, &argc, args_, nullptr, nullptr);
    if (argc != expected)
      throw std::invalid_argument("expected " + std::to_string(expected) + " arguments, got " + std::to_string(argc));
  }

  int64_t Int(size_t i) const {
    int64_t v = 0;
    if (napi_get_value_int64(env_, args_[i], &v) != napi_ok) throw std::invalid_argument("argument " + std::to_string(i) + " is not a number");
    return v;
  }

  double Num(size_t i) const {
    double v = 0;
    if (napi_get_value_double(env_, args_[i], &v) != napi_ok) throw std::invalid_argument("argument " + std::to_string(i) + " is not a number");
    return v;
  }

  /** count floats at element offset `offsetArg` of the heap (argument 0); offset -1 means none (null). */
  float* Floats(size_t offsetArg, int64_t count, const char* what) {
    const int64_t offset = Int(offsetArg);
    if (offset == -1) return nullptr;
    if (!heap_) {
      napi_typedarray_type type;
      size_t length = 0;
      void* data = nullptr;
      if (napi_get_typedarray_info(env_, args_[0], &type, &length, &data, nullptr, nullptr) != napi_ok || type != napi_float32_array)
        throw std::invalid_argument("argument 0 must be the wasm heap as a Float32Array");
      // A heap view whose ArrayBuffer was detached by memory growth has no data.
      if (!data) throw std::invalid_argument("the heap view is detached (re-read HEAPF32 after allocating)");
      heap_ = static_cast<float*>(data);
      heapLength_ = static_cast<int64_t>(length);
    }
    if (offset < 0 || count < 0 || offset + count > heapLength_)
      throw std::out_of_range(std::string(what) + ": floats [" + std::to_string(offset) + ", " + std::to_string(offset + count) +
                              ") outside the heap of " + std::to_string(heapLength_));
    return heap_ + offset;
  }

  /** An Int32Array argument (shapes). */
  const int32_t* Ints(size_t i, size_t expected) const {
    napi_typedarray_type type;
    size_t length = 0;
    void* data = nullptr;
    if (napi_get_typedarray_info(env_, args_[i], &type, &length, &data, nullptr, nullptr) != napi_ok || type != napi_int32_array || length != expected)
      throw std::invalid_argument("argument " + std::to_string(i) + " must be an Int32Array of " + std::to_string(expected));
    return static_cast<const int32_t*>(data);
  }

  /** A small Float32Array argument (scalar parameters). */
  const float* FloatParams(size_t i, size_t expected) const {
    napi_typedarray_type type;
    size_t length = 0;
    void* data = nullptr;
    if (napi_get_typedarray_info(env_, args_[i], &type, &length, &data, nullptr, nullptr) != napi_ok || type != napi_float32_array || length != expected)
      throw std::invalid_argument("argument " + std::to_string(i) + " must be a Float32Array of " + std::to_string(expected));
    return static_cast<const float*>(data);
  }

 private:
  napi_env env_;
  napi_value args_[kMaxArgs];
  float* heap_ = nullptr;
  int64_t heapLength_ = 0;
};

/**
 * Runs `body` with asynchronous signals held back (signals_held.h); an exception becomes a JS Error
 * "genlab-native <kernel>: <what> (<shape>)".
 */
napi_value Guard(napi_env env, const char* kernel, const std::function<napi_value(std::string&)>& body) {
  std::string shape;
  SignalsHeld held;
  try {
    return body(shape);
  } catch (const dnnl::error& e) {
    napi_throw_error(env, nullptr, (std::string("genlab-native ") + kernel + ": oneDNN: " + e.what() + " (" + shape + ")").c_str());
  } catch (const std::exception& e) {
    napi_throw_error(env, nullptr, (std::string("genlab-native ") + kernel + ": " + e.what() + (shape.empty() ? "" : " (" + shape + ")")).c_str());
  }
  return nullptr;
}

ConvShape ConvShapeOf(const int32_t* g) {
  return {g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7], g[8], g[9], g[10], g[11], g[12], g[13], g[14]};
}

int64_t InputSize(const ConvShape& s) { return int64_t(s.batch) * s.inH * s.inW * s.inC; }
int64_t OutputSize(const ConvShape& s) { return int64_t(s.batch) * s.outH * s.outW * s.outC; }
int64_t FilterSize(const ConvShape& s) { return int64_t(s.kH) * s.kW * s.inC * s.outC; }

// conv2d(heap, geometry Int32Array(15), xOff, wOff, biasOff | -1, yOff, activation, alpha)
napi_value Conv2DEntry(napi_env env, napi_callback_info info) {
  return Guard(env, "Conv2D", [&](std::string& shape) -> napi_value {
    Args a(env, info, 8);
    const ConvShape s = ConvShapeOf(a.Ints(1, 15));
    shape = s.str();
    Conv2D(s, a.Floats(2, InputSize(s), "x"), a.Floats(3, FilterSize(s), "filter"), a.Floats(4, s.outC, "bias"),
           a.Floats(5, OutputSize(s), "y"), static_cast<Activation>(a.Int(6)), static_cast<float>(a.Num(7)));
    return nullptr;
  });
}

// conv2dBackpropInput(heap, geometry, dyOff, wOff, dxOff)
napi_value Conv2DBackpropInputEntry(napi_env env, napi_callback_info info) {
  return Guard(env, "Conv2DBackpropInput", [&](std::string& shape) -> napi_value {
    Args a(env, info, 5);
    const ConvShape s = ConvShapeOf(a.Ints(1, 15));
    shape = s.str();
    Conv2DBackpropInput(s, a.Floats(2, OutputSize(s), "dy"), a.Floats(3, FilterSize(s), "filter"), a.Floats(4, InputSize(s), "dx"));
    return nullptr;
  });
}

// conv2dBackpropFilter(heap, geometry, xOff, dyOff, dwOff)
napi_value Conv2DBackpropFilterEntry(napi_env env, napi_callback_info info) {
  return Guard(env, "Conv2DBackpropFilter", [&](std::string& shape) -> napi_value {
    Args a(env, info, 5);
    const ConvShape s = ConvShapeOf(a.Ints(1, 15));
    shape = s.str();
    Conv2DBackpropFilter(s, a.Floats(2, InputSize(s), "x"), a.Floats(3, OutputSize(s), "dy"), a.Floats(4, FilterSize(s), "dw"));
    return nullptr;
  });
}

// batchMatMul(heap, dims Int32Array [batchA, batchB, m, n, k, transA, transB], aOff, bOff, biasOff | -1, outOff, activation, alpha)
napi_value BatchMatMulEntry(napi_env env, napi_callback_info info) {
  return Guard(env, "BatchMatMul", [&](std::string& shape) -> napi_value {
    Args a(env, info, 8);
    const int32_t* d = a.Ints(1, 7);
    const MatMulShape s{d[0], d[1], d[2], d[3], d[4], d[5] != 0, d[6] != 0};
    shape = s.str();
    if (s.batchA != s.batchB && s.batchA != 1 && s.batchB != 1) throw std::invalid_argument("batch sizes must match or be 1");
    const int64_t batch = s.batchA > s.batchB ? s.batchA : s.batchB;
    BatchMatMul(s, a.Floats(2, int64_t(s.batchA) * s.m * s.k, "a"), a.Floats(3, int64_t(s.batchB) * s.k * s.n, "b"),
                a.Floats(4, s.n, "bias"), a.Floats(5, batch * s.m * s.n, "out"), static_cast<Activation>(a.Int(6)),
                static_cast<float>(a.Num(7)));
    return nullptr;
  });
}

// <name>(heap, rows, cols, xOff, vOff, outOff): out [rows, cols] = x [rows, cols] op v [cols].
napi_value RowVectorEntry(napi_env env, napi_callback_info info, const char* kernel, const char* vector,
                          void (*run)(int64_t, int64_t, const float*, const float*, float*)) {
  return Guard(env, kernel, [&](std::string& shape) -> napi_value {
    Args a(env, info, 6);
    const int64_t rows = a.Int(1), cols = a.Int(2);
    shape = "x [" + std::to_string(rows) + ", " + std::to_string(cols) + "]";
    run(rows, cols, a.Floats(3, rows * cols, "x"), a.Floats(4, cols, vector), a.Floats(5, rows * cols, "out"));
    return nullptr;
  });
}

// biasAdd(heap, rows, cols, xOff, biasOff, outOff)
napi_value BiasAddEntry(napi_env env, napi_callback_info info) { return RowVectorEntry(env, info, "BiasAdd", "bias", BiasAdd); }

// subRowVector(heap, rows, cols, xOff, vOff, outOff)
napi_value SubRowVectorEntry(napi_env env, napi_callback_info info) { return RowVectorEntry(env, info, "Sub", "v", SubRowVector); }

// sumRows(heap, rows, cols, xOff, outOff)
napi_value SumRowsEntry(napi_env env, napi_callback_info info) {
  return Guard(env, "Sum", [&](std::string& shape) -> napi_value {
    Args a(env, info, 5);
    const int64_t rows = a.Int(1), cols = a.Int(2);
    shape = "x [" + std::to_string(rows) + ", " + std::to_string(cols) + "]";
    SumRows(rows, cols, a.Floats(3, rows * cols, "x"), a.Floats(4, cols, "out"));
    return nullptr;
  });
}

// meanRows(heap, rows, cols, xOff, outOff)
napi_value MeanRowsEntry(napi_env env, napi_callback_info info) {
  return Guard(env, "Mean", [&](std::string& shape) -> napi_value {
    Args a(env, info, 5);
    const int64_t rows = a.Int(1), cols = a.Int(2);
    shape = "x [" + std::to_string(rows) + ", " + std::to_string(cols) + "]";
    MeanRows(rows, cols, a.Floats(3, rows * cols, "x"), a.Floats(4, cols, "out"));
    return nullptr;
  });
}

// meanRowsGrad(heap, rows, cols, dyOff, dxOff)
napi_value MeanRowsGradEntry(napi_env env, napi_callback_info info) {
  return Guard(env, "MeanGrad", [&](std::string& shape) -> napi_value {
    Args a(env, info, 5);
    const int64_t rows = a.Int(1), cols = a.Int(2);
    shape = "dx [" + std::to_string(rows) + ", " + std::to_string(cols) + "]";
    MeanRowsGrad(rows, cols, a.Floats(3, cols, "dy"), a.Floats(4, rows * cols, "dx"));
    return nullptr;
  });
}

// fusedBatchNorm(heap, rows, cols, xOff, meanOff, varianceOff, offsetOff | -1, scaleOff | -1, epsilon, yOff)
napi_value FusedBatchNormEntry(napi_env env, napi_callback_info info) {
  return Guard(env, "FusedBatchNorm", [&](std::string& shape) -> napi_value {
    Args a(env, info, 10);
    const int64_t rows = a.Int(1), cols = a.Int(2);
    shape = "x [" + std::to_string(rows) + ", " + std::to_string(cols) + "]";
    FusedBatchNorm(rows, cols, a.Floats(3, rows * cols, "x"), a.Floats(4, cols, "mean"), a.Floats(5, cols, "variance"),
                   a.Floats(6, cols, "offset"), a.Floats(7, cols, "scale"), static_cast<float>(a.Num(8)),
                   a.Floats(9, rows * cols, "y"));
    return nullptr;
  });
}

// fusedBatchNormGrad(heap, rows, cols, dyOff, xOff, meanOff, varianceOff, scaleOff | -1, epsilon,
//                    dxOff, dmeanOff, dvarianceOff, dscaleOff, doffsetOff)
napi_value FusedBatchNormGradEntry(napi_env env, napi_callback_info info) {
  return Guard(env, "FusedBatchNormGrad", [&](std::string& shape) -> napi_value {
    Args a(env, info, 14);
    const int64_t rows = a.Int(1), cols = a.Int(2);
    shape = "x [" + std::to_string(rows) + ", " + std::to_string(cols) + "]";
    FusedBatchNormGrad(rows, cols, a.Floats(3, rows * cols, "dy"), a.Floats(4, rows * cols, "x"), a.Floats(5, cols, "mean"),
                       a.Floats(6, cols, "variance"), a.Floats(7, cols, "scale"), static_cast<float>(a.Num(8)),
                       a.Floats(9, rows * cols, "dx"), a.Floats(10, cols, "dmean"), a.Floats(11, cols, "dvariance"),
                       a.Floats(12, cols, "dscale"), a.Floats(13, cols, "doffset"));
    return nullptr;
  });
}

// square(heap, n, xOff, outOff)
napi_value SquareEntry(napi_env env, napi_callback_info info) {
  return Guard(env, "Square", [&](std::string& shape) -> napi_value {
    Args a(env, info, 4);
    const int64_t n = a.Int(1);
    shape = "size " + std::to_string(n);
    Square(n, a.Floats(2, n, "x"), a.Floats(3, n, "out"));
    return nullptr;
  });
}

// leakyRelu(heap, n, xOff, outOff, alpha)
napi_value LeakyReluEntry(napi_env env, napi_callback_info info) {
  return Guard(env, "LeakyRelu", [&](std::string& shape) -> napi_value {
    Args a(env, info, 5);
    const int64_t n = a.Int(1);
    shape = "size " + std::to_string(n);
    LeakyRelu(n, a.Floats(2, n, "x"), a.Floats(3, n, "out"), static_cast<float>(a.Num(4)));
    return nullptr;
  });
}

// leakyReluGrad(heap, n, dyOff, xOff, dxOff, alpha)
napi_value LeakyReluGradEntry(napi_env env, napi_callback_info info) {
  return Guard(env, "LeakyReluGrad", [&](std::string& shape) -> napi_value {
    Args a(env, info, 6);
    const int64_t n = a.Int(1);
    shape = "size " + std::to_string(n);
    LeakyReluGrad(n, a.Floats(2, n, "dy"), a.Floats(3, n, "x"), a.Floats(4, n, "dx"), static_cast<float>(a.Num(5)));
    return nullptr;
  });
}

// adam(heap, n, varOff, mOff, vOff, gOff, varOutOff, mOutOff, vOutOff, params Float32Array(8) in AdamStep order)
napi_value AdamEntry(napi_env env, napi_callback_info info) {
  return Guard(env, "Adam", [&](std::string& shape) -> napi_value {
    Args a(env, info, 10);
    const int64_t n = a.Int(1);
    shape = "size " + std::to_string(n);
    const float* q = a.FloatParams(9, 8);
    const AdamStep p{q[0], q[1], q[2], q[3], q[4], q[5], q[6], q[7]};
    Adam(n, p, a.Floats(2, n, "variable"), a.Floats(3, n, "m"), a.Floats(4, n, "v"), a.Floats(5, n, "gradient"),
         a.Floats(6, n, "variable out"), a.Floats(7, n, "m out"), a.Floats(8, n, "v out"));
    return nullptr;
  });
}

napi_value SetThreadsEntry(napi_env env, napi_callback_info info) {
  return Guard(env, "setThreads", [&](std::string&) -> napi_value {
    Args a(env, info, 1);
    const int64_t threads = a.Int(0);
    if (threads < 1 || threads > 1024) throw std::invalid_argument("threads must be 1..1024, got " + std::to_string(threads));
    SetThreads(static_cast<int>(threads));
    return nullptr;
  });
}

napi_value ThreadsEntry(napi_env env, napi_callback_info) {
  napi_value out;
  napi_create_int32(env, Threads(), &out);
  return out;
}

napi_value VersionEntry(napi_env env, napi_callback_info) {
  const dnnl_version_t* v = dnnl_version();
  const std::string s = "oneDNN " + std::to_string(v->major) + "." + std::to_string(v->minor) + "." + std::to_string(v->patch) +
                        (v->cpu_runtime == DNNL_RUNTIME_OMP ? " (OpenMP)" : "");
  napi_value out;
  napi_create_string_utf8(env, s.c_str(), s.size(), &out);
  return out;
}

// A JS function export: of a napi_property_descriptor's eight fields only the name and the
// callback differ between our exports (no getters, setters, values or data; napi_default), so
// each export in Init is one line naming the JS name and its C++ entry.
constexpr napi_property_descriptor Export(const char* name, napi_callback entry) {
  return {name, nullptr, entry, nullptr, nullptr, nullptr, napi_default, nullptr};
}

napi_value Init(napi_env env, napi_value exports) {
  const napi_property_descriptor fns[] = {
      Export("conv2d", Conv2DEntry),
      Export("conv2dBackpropInput", Conv2DBackpropInputEntry),
      Export("conv2dBackpropFilter", Conv2DBackpropFilterEntry),
      Export("batchMatMul", BatchMatMulEntry),
      Export("biasAdd", BiasAddEntry),
      Export("sumRows", SumRowsEntry),
      Export("meanRows", MeanRowsEntry),
      Export("meanRowsGrad", MeanRowsGradEntry),
      Export("fusedBatchNorm", FusedBatchNormEntry),
      Export("fusedBatchNormGrad", FusedBatchNormGradEntry),
      Export("subRowVector", SubRowVectorEntry),
      Export("square", SquareEntry),
      Export("leakyRelu", LeakyReluEntry),
      Export("leakyReluGrad", LeakyReluGradEntry),
      Export("adam", AdamEntry),
      Export("setThreads", SetThreadsEntry),
      Export("threads", ThreadsEntry),
      Export("version", VersionEntry),
  };
  napi_define_properties(env, exports, sizeof fns / sizeof fns[0], fns);
  return exports;
}

}  // namespace

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
