import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../init-backend';
import { convGeometry } from '../conv-geometry';
import { compareWasmToCpu } from '../../../test-support/compare-backends';
import { CONV_CASES, conv2dGrads, conv2dTransposeGrads } from '../../../test-support/conv-cases';

beforeAll(async () => {
  const info = await initBackend('wasm');
  expect(info.kernels).toContain('Conv2DBackpropFilter');
});

describe('wasm Conv2DBackpropFilter (gradient as a convolution, or im2col + GEMM) matches the cpu backend', () => {
  for (const c of CONV_CASES) {
    it(`conv2d filter gradient: ${c.name}`, () => {
      const [dw] = compareWasmToCpu(() => [conv2dGrads(c)()[1]!]);
      console.log(`conv2d dW ${c.name}: max abs diff ${dw!.maxAbsDiff.toExponential(2)}`);
      expect(dw!.relDiff).toBeLessThan(1e-4);
    });
    it(`conv2dTranspose filter gradient: ${c.name}`, () => {
      const [dw] = compareWasmToCpu(() => [conv2dTransposeGrads(c)()[2]!]);
      console.log(`conv2dTranspose dW ${c.name}: max abs diff ${dw!.maxAbsDiff.toExponential(2)}`);
      expect(dw!.relDiff).toBeLessThan(1e-4);
    });
  }

  it('refuses dilation and NCHW with a clear message', () => {
    expect(() => convGeometry('Conv2DBackpropFilter', [1, 7, 7, 1], [3, 3, 1, 1], 1, 'same', undefined, 'NHWC', 2)).toThrow(
      /Conv2DBackpropFilter: only dilation 1 is supported, got 2x2/,
    );
    expect(() => convGeometry('Conv2DBackpropFilter', [1, 7, 7, 1], [3, 3, 1, 1], 1, 'same', undefined, 'NCHW')).toThrow(/only NHWC/);
  });
});
