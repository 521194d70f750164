// im2col for NHWC: one row per output pixel holding its receptive field, so a convolution (or its
// filter gradient) becomes one GEMM. Works in place on a heap view; offsets are in floats.
import { ConvGeometry } from './conv-geometry';

/**
 * x: [batch, inH, inW, inC] at xOff -> cols: [batch * outH * outW, kH * kW * inC] at colsOff.
 * Out-of-image taps (padding) are zero. Each kernel row is one contiguous copy, as the taps of
 * a row are adjacent pixels, which are adjacent in NHWC memory.
 */
export function im2col(heap: Float32Array, xOff: number, colsOff: number, g: ConvGeometry): void {
  const rowLen = g.kW * g.inC;
  let dst = colsOff;
  for (let n = 0; n < g.batch; n++) {
    for (let oy = 0; oy < g.outH; oy++) {
      const iy0 = oy * g.strideH - g.padTop;
      for (let ox = 0; ox < g.outW; ox++) {
        const ix0 = ox * g.strideW - g.padLeft;
        const kx0 = Math.max(0, -ix0);
        const kx1 = Math.min(g.kW, g.inW - ix0);
        for (let ky = 0; ky < g.kH; ky++, dst += rowLen) {
          const iy = iy0 + ky;
          if (iy < 0 || iy >= g.inH || kx1 <= kx0) {
            heap.fill(0, dst, dst + rowLen);
            continue;
          }
          const src = xOff + ((n * g.inH + iy) * g.inW + ix0) * g.inC;
          if (kx0 > 0) heap.fill(0, dst, dst + kx0 * g.inC);
          heap.copyWithin(dst + kx0 * g.inC, src + kx0 * g.inC, src + kx1 * g.inC);
          if (kx1 < g.kW) heap.fill(0, dst + kx1 * g.inC, dst + rowLen);
        }
      }
    }
  }
}
