import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../init-backend';
import { tf } from '../../tf';
import { compareWasmToCpu } from '../../../test-support/compare-backends';
import { CONV_CASES, conv2dGrads, conv2dTransposeGrads } from '../../../test-support/conv-cases';

beforeAll(async () => {
  const info = await initBackend('wasm');
  expect(info.kernels).toContain('Conv2DBackpropInput');
});

describe('wasm Conv2DBackpropInput (stride phases, or GEMM + col2im) matches the cpu backend', () => {
  for (const c of CONV_CASES) {
    it(`conv2d input gradient: ${c.name}`, () => {
      const [dx] = compareWasmToCpu(() => [conv2dGrads(c)()[0]!]);
      console.log(`conv2d dx ${c.name}: max abs diff ${dx!.maxAbsDiff.toExponential(2)}`);
      expect(dx!.relDiff).toBeLessThan(1e-4);
    });
    it(`conv2dTranspose forward and input gradient: ${c.name}`, () => {
      const [y, dIn] = compareWasmToCpu(() => conv2dTransposeGrads(c)().slice(0, 2));
      console.log(`conv2dTranspose y / dInput ${c.name}: ${y!.maxAbsDiff.toExponential(2)} / ${dIn!.maxAbsDiff.toExponential(2)}`);
      expect(y!.relDiff).toBeLessThan(1e-4);
      expect(dIn!.relDiff).toBeLessThan(1e-4);
    });
  }

  it('frees its temporaries', () => {
    void tf.setBackend('wasm');
    const c = CONV_CASES[3]!;
    const before = tf.memory().numTensors;
    const bytesBefore = (tf.backend() as unknown as { numDataIds(): number }).numDataIds();
    tf.dispose(tf.tidy(conv2dGrads(c)));
    expect(tf.memory().numTensors).toBe(before);
    expect((tf.backend() as unknown as { numDataIds(): number }).numDataIds()).toBe(bytesBefore);
  });
});
