import { describe, expect, it } from 'vitest';
import { coverageChart, withCoverage } from './coverage-figure';
import { makeVariant } from '../test-support/make-variant';

const scored = (variant: string, epochs: number[][]) =>
  makeVariant({
    experiment: 'g',
    variant,
    metrics: {
      metrics: {
        coverageByEpoch: {
          samples: 10,
          epochs: epochs.map((histogram, i) => ({ epoch: i + 1, histogram, classesCovered: 0, klFromUniform: 0 })),
        },
      } as never,
    },
  });

describe('class coverage chart', () => {
  it('plots the share of every digit at every scored epoch, a panel per variant in the report’s order', () => {
    const even = Array.from({ length: 10 }, () => 0.1);
    const ones = [0, 1, 0, 0, 0, 0, 0, 0, 0, 0];
    const chart = coverageChart([scored('seed-42', [even, ones]), scored('seed-7', [even, even]), scored('one-epoch', [even])]);
    const values = (chart.data as { values: { variant: string; epoch: number; digit: string; share: number }[] }).values;
    expect(values).toHaveLength(2 * 2 * 10); // the one-epoch variant has no trajectory
    expect(values.find((r) => r.variant === 'seed-42' && r.epoch === 2 && r.digit === '1')?.share).toBe(1);
    expect((chart as { facet: { column: { sort: string[] } } }).facet.column.sort).toEqual(['seed-42', 'seed-7']);
  });

  it('leaves out variants evaluated before coverage was recorded', () => {
    expect(withCoverage([makeVariant({ experiment: 'old', variant: 'default' })])).toEqual([]);
  });
});
