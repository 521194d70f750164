import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ADDON_PATH } from '@genlab/backend-native';
import { trainingFlopsPerImage } from '@genlab/models/flops-per-image';
import { ARTIFACTS_DIR, loadSpecFile, type ExperimentSpec, type LoadedExperiment, type ModelSpec } from '@genlab/spec';
import type { PlannedStage } from './plan-stages';
import { readManifestRef, type ManifestRef } from './stage-manifest';

// How long a planned stage would take. Training: its FLOPs (models' trainingFlopsPerImage x
// images x epochs still to train) over the speed this machine reached in earlier train stages
// (images/s in their manifests, turned into FLOP/s with the FLOPs of the model they trained);
// the run of the model closest in size counts (nearestModel); without any, the bench's
// paper-GAN figure on native if its kernels are built, else on wasm (README "Speed"). Other stages: the wall
// time of their previous run, else the median of that stage over every artifact here.

/**
 * `npm run bench` on the idle 2-core development machine: paper GAN at 2 threads, the lowest of
 * three runs on each backend (README "Speed": native 317.3 / 276.7 / 298.6, wasm 48.1 / 48.7 /
 * 52.7 images/s).
 */
export const BENCH_PAPER_GAN_IMAGES_PER_SEC = { native: 276.7, wasm: 48.1 } as const;
const MNIST_TRAIN_IMAGES = 60000;

export interface Estimate {
  seconds: number | null;
  from: string;
}

interface TrainSpeed {
  name: string;
  variant: string;
  created: string;
  flopsPerSec: number;
  imagesPerSec: number;
  flopsPerImage: number;
}

const list = (dir: string) => {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
      .map((e) => e.name);
  } catch {
    return [];
  }
};

/** Speeds and wall times of every stage artifact in the workspace, read once per plan. */
export class SpeedBook {
  readonly train: TrainSpeed[] = [];
  readonly wallTimes = new Map<string, number[]>();

  constructor(root: string) {
    const artifacts = join(root, ARTIFACTS_DIR);
    for (const name of list(artifacts)) {
      for (const variant of list(join(artifacts, name))) {
        const refs = Object.fromEntries(
          list(join(artifacts, name, variant)).map((s) => [s, readManifestRef(join(artifacts, name, variant, s))]),
        );
        for (const [stage, ref] of Object.entries(refs)) {
          if (!ref) continue;
          this.wallTimes.set(stage, [...(this.wallTimes.get(stage) ?? []), ref.manifest.wallTimeSec]);
          if (stage === 'train') this.addTrain(ref, refs.model ?? null);
        }
      }
    }
    this.train.sort((a, b) => b.created.localeCompare(a.created));
  }

  private addTrain(train: ManifestRef, model: ManifestRef | null): void {
    const imagesPerSec = Number(train.manifest.result.imagesPerSec);
    const spec = (model?.manifest.slice as { model?: ModelSpec } | undefined)?.model;
    if (!spec || !(imagesPerSec > 0)) return;
    const m = train.manifest;
    const flopsPerImage = trainingFlopsPerImage(spec);
    this.train.push({
      name: m.name,
      variant: m.variant,
      created: m.created,
      imagesPerSec,
      flopsPerSec: imagesPerSec * flopsPerImage,
      flopsPerImage,
    });
  }
}

let paperGanFlopsPerImage: number | undefined;
/** FLOP/s of the bench's paper-GAN figure on `backend`, with the FLOPs of the paper-gan preset. */
function benchFlopsPerSec(backend: keyof typeof BENCH_PAPER_GAN_IMAGES_PER_SEC): number {
  if (paperGanFlopsPerImage === undefined) {
    const preset = loadSpecFile('paper-gan-preset/experiment.yaml', 'name: bench\npreset: paper-gan\n') as LoadedExperiment;
    paperGanFlopsPerImage = trainingFlopsPerImage(preset.spec.model);
  }
  return BENCH_PAPER_GAN_IMAGES_PER_SEC[backend] * paperGanFlopsPerImage;
}

/**
 * The earlier train run whose model is closest in FLOPs per image (by ratio): a small network
 * reaches a small share of the CPU's FLOP/s, so the quickstart's speed would make the paper
 * GAN look three times slower than it trains.
 */
function nearestModel(runs: TrainSpeed[], flopsPerImage: number): TrainSpeed | undefined {
  const distance = (t: TrainSpeed) => Math.abs(Math.log(t.flopsPerImage / flopsPerImage));
  return runs.reduce<TrainSpeed | undefined>((best, t) => (best === undefined || distance(t) < distance(best) ? t : best), undefined);
}

/** 12.3 GFLOP/s, or 45.6 MFLOP/s for the tiny networks of tests. */
function flopRate(perSec: number): string {
  return perSec >= 1e9 ? `${(perSec / 1e9).toFixed(1)} GFLOP/s` : `${(perSec / 1e6).toFixed(1)} MFLOP/s`;
}

export function estimateSeconds(p: PlannedStage, book: SpeedBook): Estimate {
  if (p.action === 'restore') return { seconds: 0, from: 'cache' };
  if (p.stage === 'train') return estimateTrain(p, book);
  if (p.onDisk) return { seconds: p.onDisk.manifest.wallTimeSec, from: 'its previous run' };
  const times = [...(book.wallTimes.get(p.stage) ?? [])].sort((a, b) => a - b);
  if (times.length === 0) return { seconds: null, from: `no ${p.stage} stage has run here yet` };
  return { seconds: times[Math.floor(times.length / 2)], from: `median of ${times.length} earlier ${p.stage} stage(s)` };
}

function estimateTrain(p: PlannedStage, book: SpeedBook): Estimate {
  const spec = p.resolved.spec as ExperimentSpec;
  const images = Math.min(spec.data.trainLimit ?? MNIST_TRAIN_IMAGES, MNIST_TRAIN_IMAGES);
  const epochs = spec.train.epochs - (p.continuesFrom ?? 0);
  const flops = trainingFlopsPerImage(spec.model) * images * epochs;
  const same = book.train.find((t) => t.name === p.name && t.variant === p.variant);
  const speed = same ?? nearestModel(book.train, trainingFlopsPerImage(spec.model));
  if (speed) {
    const from = same ? 'its previous train run' : `the train run of ${speed.name}/${speed.variant}`;
    return {
      seconds: flops / speed.flopsPerSec,
      from: `${epochs} epoch(s) x ${images} images at ${flopRate(speed.flopsPerSec)} (${from})`,
    };
  }
  // Built is enough to say: loading oneDNN to plan would slow every --dry-run.
  const backend = existsSync(ADDON_PATH) ? 'native' : 'wasm';
  const fps = benchFlopsPerSec(backend);
  return {
    seconds: flops / fps,
    from: `${epochs} epoch(s) x ${images} images at ${flopRate(fps)} (bench default: paper GAN at ${BENCH_PAPER_GAN_IMAGES_PER_SEC[backend]} images/s on ${backend})`,
  };
}
