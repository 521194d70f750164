import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import type { ExperimentSpec } from './schema/experiment-schema';
import type { EvaluatorSpec } from './schema/evaluator-schema';
import type { ReportSpec } from './schema/report-schema';
import type { ExperimentStage, Stage } from './pipeline';

/**
 * Bumped when a stage's code changes what it writes for the same spec slice, so old cached
 * artifacts stop matching. Part of every fingerprint.
 */
export const STAGE_FORMAT_VERSIONS: Record<Stage, number> = {
  data: 1,
  model: 1,
  train: 2,
  sample: 1,
  evaluate: 4, // 3: metrics.json names the evaluator's weights (their SHA-256) and the class coverage per epoch; TensorBoard events. 4: FID and IS per epoch (scoresByEpoch)
  evaluator: 1,
  report: 1,
};

/**
 * Only the fields a stage reads (so editing evaluate.* never reruns train). Upstream changes
 * reach a stage through its upstream manifests, which are Nx inputs too, not through its slice.
 */
export function experimentSlice(spec: ExperimentSpec, stage: ExperimentStage): Record<string, unknown> {
  switch (stage) {
    case 'data':
      return { seed: spec.seed, data: spec.data };
    case 'model':
      return { seed: spec.seed, model: spec.model };
    case 'train':
      return { seed: spec.seed, train: spec.train };
    case 'sample': {
      // An imported file's content hash is what the sample stage reads; producedBy is only advice.
      if (!spec.samples) return { seed: spec.seed, sample: spec.sample };
      const { producedBy: _p, ...samples } = spec.samples;
      return { seed: spec.seed, samples };
    }
    case 'evaluate':
      return { seed: spec.seed, evaluate: spec.evaluate };
  }
}

export function evaluatorSlice(spec: EvaluatorSpec): Record<string, unknown> {
  const { description: _d, name: _n, backend: _b, pinned, ...slice } = spec;
  // Pinned weights are the whole result: training settings do not change it. Without them the
  // slice is what it was before pinning existed, so trained evaluators keep their fingerprints.
  return pinned ? { network: spec.network, minAccuracy: spec.minAccuracy, pinned } : slice;
}

export function reportSlice(spec: ReportSpec): Record<string, unknown> {
  const { name: _n, ...slice } = spec;
  return slice;
}

/** Stable hash of what a stage reads plus its format version: the stage's cache key part. */
export function fingerprint(stage: Stage, slice: Record<string, unknown>): string {
  const text = canonicalJson({ stage, version: STAGE_FORMAT_VERSIONS[stage], slice });
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** Dotted paths whose values differ between two slices: why a stage reruns (dvc `changed()`). */
export function changedPaths(before: unknown, after: unknown, prefix = ''): string[] {
  if (canonicalJson(before ?? null) === canonicalJson(after ?? null)) return [];
  const isObj = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObj(before) || !isObj(after)) return [prefix || '(all)'];
  const keys = [...new Set([...Object.keys(before as object), ...Object.keys(after as object)])].sort();
  return keys.flatMap((k) =>
    changedPaths((before as Record<string, unknown>)[k], (after as Record<string, unknown>)[k], prefix ? `${prefix}.${k}` : k),
  );
}
