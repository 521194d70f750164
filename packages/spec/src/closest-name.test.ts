import { describe, expect, it } from 'vitest';
import { closestName, didYouMean, editDistance } from './closest-name';

describe('closestName', () => {
  it('finds typos, case slips and abbreviations, and nothing for unrelated words', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(closestName('epoch', ['epochs', 'batchSize'])).toBe('epochs');
    expect(closestName('LatentDim', ['latentDim', 'kind'])).toBe('latentDim');
    expect(closestName('lr', ['kind', 'learningRate', 'beta1', 'beta2'])).toBe('learningRate');
    expect(closestName('ra-gan-latnet', ['ra-gan-latent', 'ra-vae'])).toBe('ra-gan-latent');
    expect(closestName('zzzz', ['epochs', 'batchSize'])).toBeUndefined();
    expect(didYouMean('trian', ['train', 'data'])).toBe(" (did you mean 'train'?)");
    expect(didYouMean('zzzz', ['train'])).toBe('');
  });
});
