import { tf } from '@genlab/backend';
import { createRng } from '@genlab/data';
import { buildNetworks, disposeNetworks } from '@genlab/models';
import { loadSpecFile, type LoadedExperiment } from '@genlab/spec';
import { createKindTrainer } from '../src/kind-trainer';
import { AGREEMENT_BATCH, AGREEMENT_STEPS } from './agreement-tolerance';

// Training steps of the paper GAN and VAE (presets paper-gan / paper-vae) on a fixed random batch,
// for telling whether two backends train alike: `genlab setup` runs them on a TensorFlow binding
// and on native, in two processes, and compares the losses. The same steps, batch and tolerance
// as the native kernels' own test (src/native-training.test.ts, native against wasm).

export { AGREEMENT_BATCH, AGREEMENT_STEPS, AGREEMENT_TOLERANCE, maxRelativeDifference } from './agreement-tolerance';

/** Every step's losses, in the trainer's order ([steps][losses per step]), on the active backend. */
export function agreementLosses(kind: 'gan' | 'vae', steps = AGREEMENT_STEPS, batch = AGREEMENT_BATCH): number[][] {
  const spec = (loadSpecFile(`test/paper-${kind}/experiment.yaml`, `name: agreement-${kind}\npreset: paper-${kind}\n`) as LoadedExperiment)
    .spec;
  const nets = buildNetworks(spec.model, spec.seed);
  const trainer = createKindTrainer(spec, nets);
  const [lo, hi] = spec.data.scale === 'signed' ? [-1, 1] : [0, 1];
  const images = tf.randomUniform([batch, 28, 28, 1], lo, hi, 'float32', spec.seed) as tf.Tensor4D; // [batch, 28, 28, 1]
  const rng = createRng(spec.seed);
  const losses: number[][] = [];
  try {
    for (let i = 0; i < steps; i++) losses.push(Object.values(trainer.step(images, rng)));
  } finally {
    images.dispose();
    trainer.dispose();
    disposeNetworks(nets);
  }
  return losses;
}
