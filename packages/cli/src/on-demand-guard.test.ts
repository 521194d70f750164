import { describe, expect, it } from 'vitest';
import { assertMayTrain } from './on-demand-guard';

describe('the on-demand guard', () => {
  it('refuses only the train stage of an on-demand study, and only under GENLAB_ON_DEMAND=refuse', () => {
    const refuse = { GENLAB_ON_DEMAND: 'refuse' };
    expect(() => assertMayTrain('train', 'paper-gan', { onDemand: true }, refuse)).toThrow('paper-gan is an on-demand study');
    expect(() => assertMayTrain('train', 'paper-gan', { onDemand: true }, refuse)).toThrow('GENLAB_ON_DEMAND=run genlab run paper-gan');
    expect(() => assertMayTrain('data', 'paper-gan', { onDemand: true }, refuse)).not.toThrow();
    expect(() => assertMayTrain('train', 'quick', { onDemand: false }, refuse)).not.toThrow();
    expect(() => assertMayTrain('train', 'paper-gan', { onDemand: true }, {})).not.toThrow();
    expect(() => assertMayTrain('train', 'paper-gan', { onDemand: true }, { GENLAB_ON_DEMAND: 'run' })).not.toThrow();
  });

  it('names a mistyped GENLAB_ON_DEMAND value instead of ignoring it', () => {
    expect(() => assertMayTrain('data', 'x', {}, { GENLAB_ON_DEMAND: 'yes' })).toThrow("expects 'refuse' or 'run', found 'yes'");
  });
});
