import { describe, expect, it } from 'vitest';
import { modeCoverage } from './mode-coverage';

const oneHot = (labels: number[], classes: number) =>
  Float32Array.from({ length: labels.length * classes }, (_, i) =>
    labels[Math.floor(i / classes)] === i % classes ? 0.9 : 0.1 / (classes - 1),
  );

describe('modeCoverage', () => {
  it('covers every class with KL 0 when predictions are balanced', () => {
    const m = modeCoverage(
      oneHot(
        Array.from({ length: 100 }, (_, i) => i % 10),
        10,
      ),
      100,
      10,
    );
    expect(m.histogram).toEqual(new Array(10).fill(0.1));
    expect(m.classesCovered).toBe(10);
    expect(m.klFromUniform).toBeCloseTo(0, 12);
  });

  it('covers one class with KL log(10) under total mode collapse', () => {
    const m = modeCoverage(oneHot(new Array(30).fill(7), 10), 30, 10);
    expect(m.histogram[7]).toBe(1);
    expect(m.classesCovered).toBe(1);
    expect(m.klFromUniform).toBeCloseTo(Math.log(10), 12);
  });

  it('does not count a class below 10% of its uniform share (1% of samples for 10 classes)', () => {
    // 1000 samples: class 0 gets 5 (0.5% < 1%), class 1 gets 10 (1%, covered), the rest class 2.
    const labels = [...new Array(5).fill(0), ...new Array(10).fill(1), ...new Array(985).fill(2)];
    const m = modeCoverage(oneHot(labels, 10), 1000, 10);
    expect(m.classesCovered).toBe(2);
    expect(m.histogram.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });
});
