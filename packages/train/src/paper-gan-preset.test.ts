import { describe, it } from 'vitest';
import { checkPaperPreset } from '../test-support/paper-preset-check';

// One file per preset so the two runs go to separate workers (each stays well under a minute).
describe('paper-gan preset (sections 3.2.1 and 3.4) on the default backend', () => {
  it('trains 2 epochs on 160 images with finite, moving losses, checkpoints, and a resume from epoch 1', () => checkPaperPreset('gan'));
});
