// Times real training steps of the paper's GAN and VAE on one backend, the same step definitions
// as shared/reference/torch_reference.py, so images/s compare one to one.
import { BackendChoice, BackendInfo, createAdam, initBackend, tf } from '../src';
import { buildDiscriminator, buildGenerator, buildVae, stepFlopsPerImage } from './paper-models';

export interface BenchOptions {
  kind: 'gan' | 'vae';
  batch: number;
  warmup: number;
  steps: number;
  backend: BackendChoice;
  threads?: number;
}

export interface BenchResult {
  imagesPerSec: number;
  medianStepSec: number;
  gflops: number;
  flopsPerImage: number;
  backend: BackendInfo;
  losses: number[];
}

/** One training step on batch `batchIndex` of a small pool; returns the losses, read back. */
export type Step = (batchIndex: number) => number[];
export interface TrainStep { step: Step; flopsPerImage: number; dispose: () => void }

/** The paper GAN's or VAE's training step on the current backend, models and optimisers built once. */
export function makeTrainStep(kind: 'gan' | 'vae', batch: number): TrainStep {
  return kind === 'gan' ? ganStep(batch) : vaeStep(batch);
}

export async function benchTrainSteps(opts: BenchOptions): Promise<BenchResult> {
  const backend = await initBackend(opts.backend, { threads: opts.threads });
  const { step, flopsPerImage, dispose } = makeTrainStep(opts.kind, opts.batch);
  const times: number[] = [];
  let losses: number[] = [];
  for (let i = 0; i < opts.warmup + opts.steps; i++) {
    const t0 = performance.now();
    losses = step(i); // reads the losses back, so the step has really finished
    if (i >= opts.warmup) times.push((performance.now() - t0) / 1000);
  }
  dispose();
  const medianStepSec = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
  return {
    imagesPerSec: opts.batch / medianStepSec,
    medianStepSec,
    gflops: (flopsPerImage * opts.batch) / medianStepSec / 1e9,
    flopsPerImage,
    backend,
    losses,
  };
}

const adam = () => createAdam(2e-4, 0.5, 0.999, 1e-7); // fused on native, tfjs's Adam elsewhere
const trainable = (...ms: tf.LayersModel[]) => ms.flatMap((m) => m.trainableWeights.map((w) => w.read() as tf.Variable));

/** D step on concat(fake, real) with BCE from logits (fake = 1, real = 0), then a non-saturating G step. */
function ganStep(b: number): TrainStep {
  const g = buildGenerator();
  const d = buildDiscriminator();
  const [gOpt, dOpt] = [adam(), adam()];
  const [gVars, dVars] = [trainable(g), trainable(d)];
  const pool = [0, 1, 2, 3].map(() => tf.randomUniform([b, 28, 28, 1], -1, 1)); // [b, 28, 28, 1]
  const yD = tf.concat([tf.ones([b, 1]), tf.zeros([b, 1])]); // [2b, 1]
  const yG = tf.zeros([b, 1]);
  const step: Step = (i) => {
    const fake = tf.tidy(() => g.apply(tf.randomNormal([b, 100])) as tf.Tensor); // [b, 28, 28, 1]
    const lossD = dOpt.minimize(() => tf.losses.sigmoidCrossEntropy(yD, d.apply(tf.concat([fake, pool[i % 4]!]), { training: true }) as tf.Tensor) as tf.Scalar, true, dVars)!;
    fake.dispose();
    const lossG = gOpt.minimize(() => {
      const logits = d.apply(g.apply(tf.randomNormal([b, 100]), { training: true }), { training: true }) as tf.Tensor;
      return tf.losses.sigmoidCrossEntropy(yG, logits) as tf.Scalar;
    }, true, gVars)!;
    const out = [lossD.dataSync()[0]!, lossG.dataSync()[0]!];
    tf.dispose([lossD, lossG]);
    return out;
  };
  const dispose = () => { tf.dispose([...pool, yD, yG]); g.dispose(); d.dispose(); gOpt.dispose(); dOpt.dispose(); };
  return { step, flopsPerImage: stepFlopsPerImage('gan', [g, d]), dispose };
}

/** Reconstruction BCE (summed over pixels, mean over batch) + KL, with the reparameterisation trick. */
function vaeStep(b: number): TrainStep {
  const vae = buildVae();
  const models = [vae.encoder, vae.mean, vae.logVar, vae.decoder];
  const opt = adam();
  const vars = trainable(...models);
  const pool = [0, 1, 2, 3].map(() => tf.tidy(() => tf.randomUniform([b, 28, 28, 1]).greater(0.8).toFloat()));
  const step: Step = (i) => {
    const x = pool[i % 4]!; // [b, 28, 28, 1] in {0, 1}
    const loss = opt.minimize(() => {
      const h = vae.encoder.apply(x, { training: true }) as tf.Tensor; // [b, 256]
      const mu = vae.mean.apply(h) as tf.Tensor; // [b, 10]
      const logVar = vae.logVar.apply(h) as tf.Tensor;
      const z = mu.add(tf.exp(logVar.mul(0.5)).mul(tf.randomNormal(mu.shape)));
      const logits = vae.decoder.apply(z, { training: true }) as tf.Tensor; // [b, 28, 28, 1]
      const bce = tf.losses.sigmoidCrossEntropy(x, logits, undefined, 0, tf.Reduction.SUM).div(b);
      const kl = tf.sum(tf.onesLike(logVar).add(logVar).sub(mu.square()).sub(logVar.exp())).mul(-0.5 / b);
      return bce.add(kl) as tf.Scalar;
    }, true, vars)!;
    const out = [loss.dataSync()[0]!];
    loss.dispose();
    return out;
  };
  const dispose = () => { tf.dispose(pool); models.forEach((m) => m.dispose()); opt.dispose(); };
  return { step, flopsPerImage: stepFlopsPerImage('vae', models), dispose };
}
