// The filter gradient of a one-channel 3x3 or 5x5 convolution over one chunk of images as a
// direct AVX-512 loop (conv2d_backprop_filter_one_channel.cc); Conv2DBackpropFilterIm2ColGemm
// runs it per chunk when it fits, im2col + sgemm otherwise.
#pragma once
#include <cstdint>
#include "kernels.h"

namespace genlab {

// FilterGradientOneChannelFits (kernels.h): one input channel, a square 3x3 or 5x5 kernel,
// output channels a multiple of 32, and a CPU with AVX-512.
/** Floats of one zero-padded image, the scratch FilterGradientOneChannel needs per image. */
int64_t PaddedImageFloats(const ConvShape& s);
// out [kH, kW, 1, outC] = the filter gradient over `images` images x [images, inH, inW, 1] and
// dy [images, outH, outW, outC]; padded: scratch of images x PaddedImageFloats(s) floats.
void FilterGradientOneChannel(const ConvShape& s, const float* x, const float* dy, int64_t images, float* padded,
                              float* out);

}  // namespace genlab
