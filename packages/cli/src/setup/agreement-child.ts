// One backend's side of `genlab setup`'s check, in a process of its own (tfjs has one engine per
// process): initialises the backend by name, trains the agreement steps of the paper GAN and VAE,
// optionally times a bench row, and prints one line `GENLAB_AGREEMENT <json>` for the parent.
import { initBackend, type BackendChoice } from '@genlab/backend';

export interface AgreementResult {
  backend: string;
  reason: string;
  losses: { gan: number[][]; vae: number[][] };
  /** The bench row (genlab bench's table format), when asked for. */
  benchRow?: string;
}

export const AGREEMENT_PREFIX = 'GENLAB_AGREEMENT ';

export async function runAgreementChild(backend: BackendChoice, bench: boolean): Promise<void> {
  const { agreementLosses } = require('@genlab/train/bench/agreement-steps') as typeof import('@genlab/train/bench/agreement-steps');
  const info = await initBackend(backend);
  const result: AgreementResult = {
    backend: info.name,
    reason: info.reason,
    losses: { gan: agreementLosses('gan'), vae: agreementLosses('vae') },
  };
  if (bench) {
    const { trainingRow } = require('../commands/bench-command') as typeof import('../commands/bench-command');
    result.benchRow = await trainingRow('gan', { kind: 'gan', batch: 64, steps: 5, warmup: 2, backend }, undefined);
  }
  process.stdout.write(`${AGREEMENT_PREFIX}${JSON.stringify(result)}\n`);
}
