// The check `genlab setup` puts a TensorFlow binding through, run here on the backends this
// machine has: native (in the binding's place) against wasm, each in its own process,
// and the binding itself, which is not installed here, failing with the loader's reason.
import { describe, expect, it } from 'vitest';
import { loadAddon } from '@genlab/backend-native';
import { AGREEMENT_STEPS, AGREEMENT_TOLERANCE } from '@genlab/train/bench/agreement-tolerance';
import { compareRuns, runAgreement } from './backend-agreement';

const addon = loadAddon();

describe('runAgreement and compareRuns', () => {
  it.skipIf(!addon.ok)(
    `native against wasm: ${AGREEMENT_STEPS} steps of the paper GAN and VAE agree within ${AGREEMENT_TOLERANCE}; one bench row`,
    async () => {
      const [native, wasm] = [await runAgreement('native', { bench: true }), await runAgreement('wasm')];
      expect(wasm.error).toBeUndefined();
      expect(native.error).toBeUndefined();
      expect(wasm.result!.backend).toBe('wasm');
      expect(native.result!.backend).toBe('native');
      expect(wasm.result!.losses.gan).toHaveLength(AGREEMENT_STEPS);
      expect(wasm.result!.losses.vae).toHaveLength(AGREEMENT_STEPS);
      const agreement = compareRuns(native.result!, wasm.result!);
      console.log(`native vs wasm: ${JSON.stringify(agreement)}; ${native.result!.benchRow}`);
      expect(agreement.maxRelativeDifference).toBeLessThan(AGREEMENT_TOLERANCE);
      expect(agreement.maxRelativeDifference).toBeGreaterThan(0); // two kernel sets, not one run twice
      expect(native.result!.benchRow).toMatch(/^\| native \| gan \| \d+\.\d \| \d+\.\d \| (\d+%|n\/a) \| \d+\.\d min \| n\/a \| n\/a \|$/);
      // A binding whose losses drift is told apart: one GAN loss 5% off at the last step.
      const drifted = structuredClone(native.result!);
      drifted.losses.gan[AGREEMENT_STEPS - 1]![0]! *= 1.05;
      expect(compareRuns(drifted, wasm.result!).perModel.gan).toBeGreaterThan(AGREEMENT_TOLERANCE);
      drifted.losses.vae[3]![0] = Number.NaN;
      expect(compareRuns(drifted, wasm.result!).perModel.vae).toBe(Infinity);
    },
    600_000,
  );

  it('a binding that is not installed fails with the reason, not a stack trace', async () => {
    const run = await runAgreement('tensorflow');
    expect(run.result).toBeUndefined();
    expect(run.error).toMatch(
      /^tensorflow steps failed \(exit 1\): Error: no backend could be initialised for "tensorflow": tfjs-node-gpu not installed: Cannot find module '@tensorflow\/tfjs-node-gpu'/,
    );
  }, 120_000);
});
