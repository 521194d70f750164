import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { initBackend } from '@genlab/backend';
import type { LossRow } from '../src/loss-row';
import { runTrainStage } from '../src/run-train-stage';
import { TrainingInterrupted } from '../src/training-interrupted';
import { experimentSpec, makeUpstream, runExperimentStage, tempRoot } from './stage-fixture';

/**
 * Acceptance (issue 3): the paper's own networks (presets paper-gan and paper-vae, sections
 * 3.2.1, 3.3, 3.4) train for real on the default backend: 160 images, batch 32 (5 steps per
 * epoch), 2 epochs, with a kill after epoch 1 and a resumed run continuing from its checkpoint.
 */
export async function checkPaperPreset(kind: 'gan' | 'vae'): Promise<void> {
  const spec = experimentSpec(`name: paper-${kind}-accept
preset: paper-${kind}
backend: auto
data: { trainLimit: 160, testLimit: 20 }
train: { epochs: 2, batchSize: 32, checkpointEvery: 1 }
sample: { epochs: [] }
evaluate: { latent: { epochs: [] } }
`);
  const root = tempRoot();
  const upstream = await makeUpstream(root, spec);
  const train = (stopAfterEpoch?: number) =>
    runExperimentStage(root, spec, 'train', (ctx) => runTrainStage(ctx, { progress: 'log', stopAfterEpoch }), upstream);
  await expect(train(1)).rejects.toBeInstanceOf(TrainingInterrupted);
  const m = await train();
  expect(m.result).toMatchObject({ epochs: 2, resumedFrom: 1, checkpoints: [1, 2] });
  expect(m.backend?.name).toBe((await initBackend('auto')).name); // 'native' runs on tfjs's wasm backend
  const dir = join(root, 'artifacts', spec.name, 'default', 'train');
  const rows = readFileSync(join(dir, 'losses.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as LossRow);
  expect(rows.map((r) => r.epoch)).toEqual([1, 2]);
  const names = kind === 'gan' ? ['dLoss', 'gLoss'] : ['loss', 'reconstruction', 'kl'];
  for (const r of rows) for (const n of names) expect(Number.isFinite(r[n]), `${n} of epoch ${r.epoch}`).toBe(true);
  for (const n of names) expect(rows[1][n], `${n} moved`).not.toBe(rows[0][n]);
  if (kind === 'vae') expect(rows[1].loss).toBeLessThan(rows[0].loss);
  const nets = kind === 'gan' ? ['generator', 'discriminator'] : ['encoder', 'decoder'];
  for (const e of ['epoch-0001', 'epoch-0002']) {
    for (const f of [...nets.flatMap((n) => [`${n}/model.json`, `${n}/weights.bin`]), 'optimizer.json', 'state.json']) {
      expect(existsSync(join(dir, 'checkpoints', e, f)), `${e}/${f}`).toBe(true);
    }
  }
}
