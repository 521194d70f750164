// col2im for NHWC, the adjoint of im2col: scatter-adds each output pixel's receptive-field row
// back into the image. With cols = dy . W^T this is the input gradient of a convolution (and the
// forward pass of a transposed convolution). Works in place on a heap view; offsets are in floats.
import { ConvGeometry } from './conv-geometry';

/** cols: [batch * outH * outW, kH * kW * inC] at colsOff -> dx: [batch, inH, inW, inC] at dxOff. */
export function col2im(heap: Float32Array, colsOff: number, dxOff: number, g: ConvGeometry): void {
  const rowLen = g.kW * g.inC;
  heap.fill(0, dxOff, dxOff + g.batch * g.inH * g.inW * g.inC);
  let src = colsOff;
  for (let n = 0; n < g.batch; n++) {
    for (let oy = 0; oy < g.outH; oy++) {
      const iy0 = oy * g.strideH - g.padTop;
      for (let ox = 0; ox < g.outW; ox++) {
        const ix0 = ox * g.strideW - g.padLeft;
        const kx0 = Math.max(0, -ix0);
        const kx1 = Math.min(g.kW, g.inW - ix0);
        for (let ky = 0; ky < g.kH; ky++, src += rowLen) {
          const iy = iy0 + ky;
          if (iy < 0 || iy >= g.inH || kx1 <= kx0) continue;
          // The row's valid taps are one contiguous run in both cols and dx.
          const d = dxOff + ((n * g.inH + iy) * g.inW + ix0 + kx0) * g.inC;
          const s = src + kx0 * g.inC;
          const len = (kx1 - kx0) * g.inC;
          for (let i = 0; i < len; i++) heap[d + i] += heap[s + i];
        }
      }
    }
  }
}
