import { tf, initBackend, registerKernelsFor } from '@genlab/backend';
import { createRng } from '@genlab/data';
import { buildNetworks, disposeNetworks, trainingFlopsPerImage } from '@genlab/models';
import { loadSpecFile, type ExperimentSpec, type LoadedExperiment } from '@genlab/spec';
import { createKindTrainer } from '../src/kind-trainer';

// Training throughput of the paper's networks (presets paper-gan / paper-vae) through the real
// one-step trainers, for `genlab bench`. Prints nothing and asserts nothing about speed.

export interface TrainBenchOptions {
  kind: 'gan' | 'vae';
  batch: number;
  /** Timed steps; the median is reported. */
  steps: number;
  /** Untimed steps first (kernel set-up, Adam's moment variables). */
  warmup: number;
  backend: 'auto' | 'tensorflow' | 'native' | 'wasm' | 'cpu';
  /** An experiment.yaml to take the networks and trainer from instead of preset paper-<kind>. */
  experiment?: string;
}

export interface TrainBenchResult {
  imagesPerSec: number;
  /** Median wall time of one training step. */
  msPerStep: number;
  /**
   * Median process CPU time (user + system, all threads) of one step: on a machine whose cores
   * other work keeps busy, wall time mostly measures waiting for a core, CPU time the work.
   */
  cpuMsPerStep: number;
  /** Model FLOPs per step / median step time (see flopsPerStep). */
  gflops: number;
  flopsPerStep: number;
  /** The backend that ran the steps ('native' is tfjs's wasm backend with the oneDNN kernels). */
  backend: string;
}

/** FLOPs of one training step on `batch` images (trainingFlopsPerImage says how they are counted). */
export function flopsPerStep(spec: ExperimentSpec, batch: number): number {
  return trainingFlopsPerImage(spec.model) * batch;
}

export async function benchTraining(o: TrainBenchOptions): Promise<TrainBenchResult> {
  const restore = await useBackend(o.backend);
  try {
    return runBench(o);
  } finally {
    await restore();
  }
}

/**
 * initBackend fixes one backend per process, but `genlab bench` compares several in one run.
 * 'native' and 'wasm' are two kernel sets on tfjs's wasm backend: a request for the other one
 * swaps the set. Another backend that tfjs has registered (cpu always) is switched to. Returns
 * what undoes the switch; a backend that never loaded is an error.
 */
async function useBackend(backend: TrainBenchOptions['backend']): Promise<() => Promise<void>> {
  const info = await initBackend(backend);
  const unchanged = async () => undefined;
  if (backend === 'auto' || info.name === backend || (backend === 'tensorflow' && info.name.startsWith('tensorflow'))) return unchanged;
  const kernelSets = ['native', 'wasm'];
  if (kernelSets.includes(backend) && kernelSets.includes(info.name)) {
    registerKernelsFor(backend); // throws a BackendError when the native addon is not built
    return async () => void registerKernelsFor(info.name);
  }
  const active = tf.getBackend();
  if (!tf.findBackendFactory(backend) || !(await tf.setBackend(backend))) {
    throw new Error(`backend '${backend}' is not available in this process (initialised: ${info.name}; ${info.reason})`);
  }
  registerKernelsFor(backend);
  return async () => void (await tf.setBackend(active));
}

/** One real trainer step of the paper's networks on a fixed batch, ready to time or profile. */
export interface BenchStep {
  spec: ExperimentSpec;
  /** One training step; it reads its losses back, so the work is done when it returns. */
  step(): void;
  dispose(): void;
}

/** The trainer of `experiment` (an experiment.yaml) or of preset paper-<kind>, on random images. */
export function makeBenchStep(kind: 'gan' | 'vae', batch: number, experiment?: string): BenchStep {
  const spec = (
    experiment
      ? (loadSpecFile(experiment) as LoadedExperiment)
      : (loadSpecFile(`bench/paper-${kind}/experiment.yaml`, `name: bench-${kind}\npreset: paper-${kind}\n`) as LoadedExperiment)
  ).spec;
  const nets = buildNetworks(spec.model, spec.seed);
  const trainer = createKindTrainer(spec, nets);
  const [lo, hi] = spec.data.scale === 'signed' ? [-1, 1] : [0, 1];
  const images = tf.randomUniform([batch, 28, 28, 1], lo, hi, 'float32', spec.seed) as tf.Tensor4D; // [batch, 28, 28, 1]
  const rng = createRng(spec.seed);
  return {
    spec,
    step: () => void trainer.step(images, rng),
    dispose: () => {
      images.dispose();
      trainer.dispose();
      disposeNetworks(nets);
    },
  };
}

function runBench(o: TrainBenchOptions): TrainBenchResult {
  const { spec, step, dispose } = makeBenchStep(o.kind, o.batch, o.experiment);
  const times: number[] = [];
  const cpuTimes: number[] = [];
  try {
    for (let i = 0; i < o.warmup + o.steps; i++) {
      const t0 = process.hrtime.bigint();
      const cpu0 = process.cpuUsage();
      step();
      const cpu = process.cpuUsage(cpu0);
      if (i >= o.warmup) {
        times.push(Number(process.hrtime.bigint() - t0) / 1e6);
        cpuTimes.push((cpu.user + cpu.system) / 1000);
      }
    }
  } finally {
    dispose();
  }
  const ms = median(times);
  const flops = flopsPerStep(spec, o.batch);
  return {
    imagesPerSec: (o.batch * 1000) / ms,
    msPerStep: ms,
    cpuMsPerStep: median(cpuTimes),
    gflops: flops / (ms * 1e6),
    flopsPerStep: flops,
    backend: o.backend === 'auto' ? tf.getBackend() : o.backend,
  };
}

function median(xs: number[]): number {
  if (xs.length === 0) throw new RangeError('benchTraining: steps must be >= 1');
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
