import type { ExperimentSpec } from '@genlab/spec';
import { flopsPerImage } from '@genlab/models/flops-per-image';
import { UsageError } from './exit-codes';

/** One experiment variant: the unit a shard trains (data through evaluate). */
export interface ShardUnit {
  experiment: string;
  variant: string;
  spec: ExperimentSpec;
}

export interface Shard {
  /** 1-based, as on the command line (`--shard 2/4`). */
  index: number;
  count: number;
}

/** MNIST's training set: what `data.trainLimit: null` trains on. */
const MNIST_TRAIN_IMAGES = 60000;

/** Parses `i/n` (1 <= i <= n). */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count)
    throw new UsageError(`--shard expects i/n with 1 <= i <= n (e.g. 2/4), found '${text}'`);
  return { index, count };
}

/**
 * Estimated training cost of a variant in FLOPs: forward FLOPs per image of all its networks,
 * times 3 (forward, and backward for inputs and weights), times images, times epochs. Only the
 * ratios between variants matter: they balance the shards.
 */
export function estimatedCost(spec: ExperimentSpec): number {
  if (spec.samples) return 0; // imported samples: nothing to train
  const forward = Object.values(flopsPerImage(spec.model)).reduce((a, b) => a + b, 0);
  return 3 * forward * (spec.data.trainLimit ?? MNIST_TRAIN_IMAGES) * spec.train.epochs;
}

/**
 * Splits units into `count` shards of about equal estimated cost: the most expensive first,
 * each to the shard with the least cost so far (LPT scheduling; ties to the lower shard). It is
 * a pure function of the specs, so every machine computes the same split, and a variant stays
 * on its shard as long as the set of variants and their costs do not change.
 */
export function assignShards<T extends ShardUnit>(units: T[], count: number): T[][] {
  const costed = units.map((u) => ({ u, cost: estimatedCost(u.spec), key: `${u.experiment}/${u.variant}` }));
  costed.sort((a, b) => b.cost - a.cost || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const shards: T[][] = Array.from({ length: count }, () => []);
  const load = new Array<number>(count).fill(0);
  for (const { u, cost } of costed) {
    const i = load.indexOf(Math.min(...load));
    shards[i].push(u);
    load[i] += cost;
  }
  return shards;
}
