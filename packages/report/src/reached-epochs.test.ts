import { describe, expect, it } from 'vitest';
import { epochWarnings, figureEpochs, stoppedNote } from './reached-epochs';

describe('figureEpochs', () => {
  it('shows every available epoch when none are requested', () => {
    expect(figureEpochs([], [1, 10, 20], 20).epochs).toEqual([1, 10, 20]);
  });

  it('shows the requested epochs when training reached them all', () => {
    const f = figureEpochs([10, 20, 50], [10, 20, 50, 100], 100);
    expect(f).toMatchObject({ epochs: [10, 20, 50], notReached: [], notAvailable: [] });
    expect(stoppedNote(f)).toBe('');
  });

  it('ends at the last trained epoch when training stopped early, and says so', () => {
    const f = figureEpochs([10, 20, 50], [10, 20, 30], 30);
    expect(f).toMatchObject({ epochs: [10, 20, 30], notReached: [50], notAvailable: [] });
    expect(stoppedNote(f)).toBe(' (training stopped at epoch 30; epoch 50 not reached)');
    expect(epochWarnings('paper-gan/default', 'sample grid', f, [10, 20, 30])).toEqual([
      'paper-gan/default: training ended at epoch 30, so epoch 50 of the sample grid was never reached; the figure ends at epoch 30.',
    ]);
  });

  it('tells a trained but unsampled epoch from one never reached', () => {
    const f = figureEpochs([15, 20, 50], [10, 20], 20);
    expect(f).toMatchObject({ epochs: [20], notReached: [50], notAvailable: [15] });
    expect(epochWarnings('k', 'sample grid', f, [10, 20])[1]).toBe('k: no sample grid for epoch 15 (the artifact has 10, 20).');
  });
});
