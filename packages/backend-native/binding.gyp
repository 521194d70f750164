{
  "targets": [
    {
      "target_name": "genlab_native",
      "sources": [
        "csrc/addon.cc",
        "csrc/dnnl_context.cc",
        "csrc/conv2d.cc",
        "csrc/conv2d_backprop_input.cc",
        "csrc/conv2d_backprop_filter.cc",
        "csrc/batch_mat_mul.cc",
        "csrc/bias_add.cc",
        "csrc/sum.cc",
        "csrc/leaky_relu.cc",
        "csrc/leaky_relu_grad.cc",
        "csrc/adam.cc"
      ],
      "include_dirs": ["<!@(node -p \"process.env.GENLAB_DNNL_INCLUDE || '/usr/include'\")"],
      "libraries": ["<!@(node -p \"'-L' + (process.env.GENLAB_DNNL_LIB || '/usr/lib')\")", "-ldnnl"],
      "cflags_cc!": ["-fno-exceptions", "-fno-rtti"],
      "cflags_cc": ["-std=c++17", "-O3", "-fopenmp", "-fexceptions"],
      "conditions": [
        ["OS!='mac'", { "libraries": ["-lgomp"] }],
        ["OS=='mac'", {
          "libraries": ["-lomp"],
          "xcode_settings": {
            "GCC_ENABLE_CPP_EXCEPTIONS": "YES",
            "GCC_ENABLE_CPP_RTTI": "YES",
            "OTHER_CPLUSPLUSFLAGS": ["-std=c++17", "-O3", "-Xpreprocessor", "-fopenmp"]
          }
        }]
      ]
    }
  ]
}
