import { describe, expect, it } from 'vitest';
import { lossCurveChart, lossNames } from './loss-curve-figure';
import type { VariantArtifacts } from './variant-artifacts';

// losses.jsonl rows as the train stage writes them: bookkeeping (epoch, step, steps, seconds,
// imagesPerSec) beside the mean of each loss.
const gan = {
  variant: 'default',
  losses: [
    { epoch: 1, step: 938, steps: 938, seconds: 150.2, imagesPerSec: 399.5, dLoss: 0.61, gLoss: 1.9 },
    { epoch: 2, step: 1876, steps: 938, seconds: 149.8, imagesPerSec: 400.5, dLoss: 0.55, gLoss: 2.2 },
  ],
} as unknown as VariantArtifacts;

describe('loss curve chart', () => {
  it('plots one panel per loss and none for the bookkeeping fields (the step count is not a loss)', () => {
    expect(lossNames([gan])).toEqual(['dLoss', 'gLoss']);
    const values = (lossCurveChart([gan]).data as { values: { loss: string; value: number }[] }).values;
    expect([...new Set(values.map((r) => r.loss))]).toEqual(['dLoss', 'gLoss']);
    expect(values).toHaveLength(4);
  });
});
