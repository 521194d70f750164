// Is genlab's training step right? The paper GAN and VAE, from the same initial weights, on the
// same MNIST batches and the same noise, trained a few steps by genlab's own step functions and
// by PyTorch (bench/torch_step_equivalence.py, which rebuilds the networks from genlab's layer
// list): the same losses, the same gradients at the start, and the same Adam-updated weights.
// When they agree, any difference between the two frameworks' training runs comes from what is
// not shared here: the initialisers, the random streams and the data order.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend, tf } from '@genlab/backend';
import { createRng, readMnist } from '@genlab/data';
import { buildNetworks, disposeNetworks, VAE_HEADS, type Networks } from '@genlab/models';
import { loadSpecFile, type ExperimentSpec, type LoadedExperiment } from '@genlab/spec';
import { createOptimizer } from './create-optimizer';
import { normalNoise } from './latent-noise';
import { discriminatorLoss, trainDiscriminatorStep } from './train-discriminator-step';
import { generatorLoss, trainGeneratorStep } from './train-generator-step';
import { trainableVariables } from './trainable-variables';
import { vaeLoss, vaeTrainStep } from './vae-train-step';

const PYTHON = '/usr/bin/python3';
const SCRIPT = join(__dirname, '..', '..', '..', 'bench', 'torch_step_equivalence.py');
const BATCH = 16;
const STEPS = 3;

const torchCheck = spawnSync(PYTHON, ['-c', 'import torch, numpy'], { encoding: 'utf8' });
const torchMissing =
  torchCheck.status === 0
    ? ''
    : `PyTorch not importable by ${PYTHON} (apt-get install python3-torch): ${(torchCheck.stderr || String(torchCheck.error)).trim().split('\n').at(-1)}`;

/** Float32 tensors appended to one blob, each referenced by {offset, shape} in case.json. */
class TensorBlob {
  private parts: Float32Array[] = [];
  private byOffset = new Map<number, Float32Array>();
  private length = 0;
  add(values: Float32Array | number[], shape: number[]): { offset: number; shape: number[] } {
    const ref = { offset: this.length, shape };
    const copy = Float32Array.from(values);
    this.parts.push(copy);
    this.byOffset.set(this.length, copy);
    this.length += values.length;
    return ref;
  }
  /** The values one add() stored, as a tensor of its shape. */
  tensor(ref: { offset: number; shape: number[] }): tf.Tensor {
    return tf.tensor(this.byOffset.get(ref.offset)!, ref.shape);
  }
  bytes(): Buffer {
    const all = new Float32Array(this.length);
    let at = 0;
    for (const p of this.parts) (all.set(p, at), (at += p.length));
    return Buffer.from(all.buffer);
  }
}

/** A network as its layer list (class, config, weights), the VAE encoder's heads apart. */
function describeNetwork(model: tf.LayersModel, blob: TensorBlob) {
  const layers = model.layers.filter((l) => l.getClassName() !== 'InputLayer');
  const heads = new Set<string>(Object.values(VAE_HEADS));
  const entry = (l: tf.layers.Layer) => ({
    className: l.getClassName(),
    config: l.getConfig(),
    weights: l.getWeights().map((w) => blob.add(w.dataSync() as Float32Array, w.shape)),
  });
  return { layers: layers.filter((l) => !heads.has(l.name)).map(entry), heads: layers.filter((l) => heads.has(l.name)).map(entry) };
}

/** The trainable variables in the order the script lists its parameters (layer by layer). */
function variablesInOrder(nets: Networks, names: string[]): tf.LayerVariable[] {
  return names.flatMap((n) => {
    const layers = nets[n]!.layers;
    const heads = new Set<string>(Object.values(VAE_HEADS));
    return [...layers.filter((l) => !heads.has(l.name)), ...layers.filter((l) => heads.has(l.name))].flatMap((l) => l.trainableWeights);
  });
}

function loadPreset(preset: string): ExperimentSpec {
  return (loadSpecFile(`test/${preset}/experiment.yaml`, `name: equivalence-${preset}\npreset: ${preset}\n`) as LoadedExperiment).spec;
}

/** `count` MNIST training images from `start`, at the spec's pixel scale, as NHWC values. */
function mnistBatch(images: Uint8Array, start: number, count: number, scale: 'signed' | 'unit'): Float32Array {
  const px = images.subarray(start * 784, (start + count) * 784);
  return Float32Array.from(px, (v) => (scale === 'signed' ? v / 127.5 - 1 : v / 255));
}

interface Compared {
  losses: number[][];
  gradients: Float32Array[];
  weights: Float32Array[];
}

/** Runs the script on case.json + tensors.bin and reads back its losses, gradients and weights. */
function runTorch(folder: string, sizes: number[]): Compared & { version: string } {
  const run = spawnSync(PYTHON, [SCRIPT, folder], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`torch_step_equivalence.py failed:\n${run.stderr}`);
  const meta = JSON.parse(readFileSync(join(folder, 'torch.json'), 'utf8')) as { losses: number[][]; torch: string; sizes: number[] };
  const flat = new Float32Array(new Uint8Array(readFileSync(join(folder, 'torch.bin'))).buffer);
  const tensors: Float32Array[] = [];
  let at = 0;
  for (const n of meta.sizes) (tensors.push(flat.subarray(at, at + n)), (at += n));
  expect(meta.sizes).toEqual([...sizes, ...sizes]);
  return { losses: meta.losses, gradients: tensors.slice(0, sizes.length), weights: tensors.slice(sizes.length), version: meta.torch };
}

/** ||a - b|| / ||b|| over all tensors together. */
function relativeError(a: Float32Array[], b: Float32Array[]): number {
  let diff = 0;
  let norm = 0;
  a.forEach((t, i) => t.forEach((v, j) => ((diff += (v - b[i]![j]!) ** 2), (norm += b[i]![j]! ** 2))));
  return Math.sqrt(diff / norm);
}

/** How far genlab's weights are from PyTorch's, relative to how far training moved them. */
function updateError(genlab: Float32Array[], torch: Float32Array[], initial: Float32Array[]): number {
  let diff = 0;
  let moved = 0;
  genlab.forEach((t, i) => t.forEach((v, j) => ((diff += (v - torch[i]![j]!) ** 2), (moved += (torch[i]![j]! - initial[i]![j]!) ** 2))));
  return Math.sqrt(diff / moved);
}

const data = torchMissing ? undefined : readMnist();
let folder = '';

describe.skipIf(!!torchMissing)(`genlab's training step equals PyTorch's${torchMissing ? ` - SKIPPED: ${torchMissing}` : ''}`, () => {
  beforeAll(async () => {
    await initBackend('auto', { threads: 1 });
    folder = mkdtempSync(join(tmpdir(), 'genlab-torch-equivalence-'));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it(`paper GAN: ${STEPS} discriminator and generator steps at batch ${BATCH} give PyTorch's losses, gradients and Adam-updated weights`, () => {
    const spec = loadPreset('paper-gan');
    const nets = buildNetworks(spec.model, spec.seed);
    const g = { generator: nets.generator!, discriminator: nets.discriminator! };
    const blob = new TensorBlob();
    const rng = createRng(7);
    const dim = spec.model.latentDim;
    const steps = Array.from({ length: STEPS }, (_, i) => ({
      real: blob.add(mnistBatch(data!.train.images, i * BATCH, BATCH, 'signed'), [BATCH, 28, 28, 1]),
      noiseD: blob.add(normalNoise(rng, BATCH, dim), [BATCH, dim]),
      noiseG: blob.add(normalNoise(rng, BATCH, dim), [BATCH, dim]),
    }));
    const optD = createOptimizer(spec.train.optimizer);
    const optG = createOptimizer(spec.train.optimizer);
    const networks = { discriminator: describeNetwork(g.discriminator, blob), generator: describeNetwork(g.generator, blob) };
    const vars = variablesInOrder(nets, ['discriminator', 'generator']);
    const initial = vars.map((v) => v.read().dataSync() as Float32Array);
    const smoothing = spec.train.loss.labelSmoothing;
    writeFileSync(
      join(folder, 'case.json'),
      JSON.stringify({
        kind: 'gan',
        networks,
        steps,
        labelSmoothing: smoothing,
        optimizer: {
          learningRate: spec.train.optimizer.learningRate,
          beta1: spec.train.optimizer.beta1,
          beta2: spec.train.optimizer.beta2,
          epsilon: (optD as unknown as { epsilon: number }).epsilon,
        },
      }),
    );
    writeFileSync(join(folder, 'tensors.bin'), blob.bytes());

    const inputs = steps.map((s) => ({
      real: blob.tensor(s.real) as tf.Tensor4D,
      noiseD: blob.tensor(s.noiseD) as tf.Tensor2D,
      noiseG: blob.tensor(s.noiseG) as tf.Tensor2D,
    }));
    const dVars = trainableVariables(g.discriminator);
    const gVars = trainableVariables(g.generator);
    const dGrads = tf.variableGrads(() => discriminatorLoss(g, inputs[0]!.real, inputs[0]!.noiseD, smoothing), dVars);
    const gGrads = tf.variableGrads(() => generatorLoss(g, inputs[0]!.noiseG), gVars);
    const gradients = vars.map(
      (v) => (dGrads.grads[(v.read() as tf.Variable).name] ?? gGrads.grads[(v.read() as tf.Variable).name])!.dataSync() as Float32Array,
    );
    tf.dispose([dGrads.value, gGrads.value, ...Object.values(dGrads.grads), ...Object.values(gGrads.grads)]);
    const losses = inputs.map((s) => [
      trainDiscriminatorStep(g, optD, s.real, s.noiseD, { labelSmoothing: smoothing }),
      trainGeneratorStep(g, optG, s.noiseG),
    ]);
    const weights = vars.map((v) => v.read().dataSync() as Float32Array);

    const torch = runTorch(
      folder,
      initial.map((t) => t.length),
    );
    report('GAN', losses, torch, gradients, weights, initial);
    expect(lossError(losses, torch.losses)).toBeLessThan(1e-4);
    expect(relativeError(gradients, torch.gradients)).toBeLessThan(1e-4);
    expect(updateError(weights, torch.weights, initial)).toBeLessThan(1e-2);
    tf.dispose(inputs.flatMap((s) => [s.real, s.noiseD, s.noiseG]));
    optD.dispose();
    optG.dispose();
    disposeNetworks(nets);
  }, 300_000);

  it(`paper VAE: ${STEPS} steps at batch ${BATCH} give PyTorch's losses, gradients and Adam-updated weights`, () => {
    const spec = loadPreset('paper-vae');
    const nets = buildNetworks(spec.model, spec.seed);
    const v = { encoder: nets.encoder!, decoder: nets.decoder! };
    const blob = new TensorBlob();
    const rng = createRng(7);
    const dim = spec.model.latentDim;
    const steps = Array.from({ length: STEPS }, (_, i) => ({
      images: blob.add(mnistBatch(data!.train.images, i * BATCH, BATCH, 'unit'), [BATCH, 28, 28, 1]),
      eps: blob.add(normalNoise(rng, BATCH, dim), [BATCH, dim]),
    }));
    const opt = createOptimizer(spec.train.optimizer);
    const networks = { encoder: describeNetwork(v.encoder, blob), decoder: describeNetwork(v.decoder, blob) };
    const vars = variablesInOrder(nets, ['encoder', 'decoder']);
    const initial = vars.map((x) => x.read().dataSync() as Float32Array);
    const lossOpts = { reconstruction: spec.train.loss.reconstruction, klWeight: spec.train.loss.klWeight };
    expect(lossOpts.reconstruction).toBe('bernoulli'); // the script mirrors the Bernoulli term only
    writeFileSync(
      join(folder, 'case.json'),
      JSON.stringify({
        kind: 'vae',
        networks,
        steps,
        klWeight: lossOpts.klWeight,
        optimizer: {
          learningRate: spec.train.optimizer.learningRate,
          beta1: spec.train.optimizer.beta1,
          beta2: spec.train.optimizer.beta2,
          epsilon: (opt as unknown as { epsilon: number }).epsilon,
        },
      }),
    );
    writeFileSync(join(folder, 'tensors.bin'), blob.bytes());

    const inputs = steps.map((s) => ({
      images: blob.tensor(s.images) as tf.Tensor4D,
      eps: blob.tensor(s.eps) as tf.Tensor2D,
    }));
    const trainable = [...trainableVariables(v.encoder), ...trainableVariables(v.decoder)];
    const first = tf.variableGrads(() => vaeLoss(v, inputs[0]!.images, inputs[0]!.eps, lossOpts).loss, trainable);
    const gradients = vars.map((x) => first.grads[(x.read() as tf.Variable).name]!.dataSync() as Float32Array);
    tf.dispose([first.value, ...Object.values(first.grads)]);
    const losses = inputs.map((s) => [vaeTrainStep(v, opt, s.images, s.eps, lossOpts).loss]);
    const weights = vars.map((x) => x.read().dataSync() as Float32Array);

    const torch = runTorch(
      folder,
      initial.map((t) => t.length),
    );
    report('VAE', losses, torch, gradients, weights, initial);
    expect(lossError(losses, torch.losses)).toBeLessThan(1e-4);
    expect(relativeError(gradients, torch.gradients)).toBeLessThan(1e-4);
    expect(updateError(weights, torch.weights, initial)).toBeLessThan(1e-2);
    tf.dispose(inputs.flatMap((s) => [s.images, s.eps]));
    opt.dispose();
    disposeNetworks(nets);
  }, 300_000);
});

/** Largest |a - b| / |b| over every loss of every step. */
function lossError(genlab: number[][], torch: number[][]): number {
  return Math.max(...genlab.flatMap((row, i) => row.map((v, j) => Math.abs(v - torch[i]![j]!) / Math.abs(torch[i]![j]!))));
}

function report(
  name: string,
  losses: number[][],
  torch: Compared & { version: string },
  gradients: Float32Array[],
  weights: Float32Array[],
  initial: Float32Array[],
): void {
  console.log(
    `${name} vs PyTorch ${torch.version}: losses genlab ${JSON.stringify(losses.map((r) => r.map((x) => +x.toFixed(6))))} torch ${JSON.stringify(torch.losses.map((r) => r.map((x) => +x.toFixed(6))))}; ` +
      `loss error ${lossError(losses, torch.losses).toExponential(2)}; gradient relative error ${relativeError(gradients, torch.gradients).toExponential(2)}; weights after ${STEPS} steps differ by ${updateError(weights, torch.weights, initial).toExponential(2)} of the update`,
  );
}
