import {
  DEFAULT_VARIANT,
  EXPERIMENT_STAGES,
  STAGE_FORMAT_VERSIONS,
  artifactDir,
  evaluatorSlice,
  experimentSlice,
  experimentStages,
  fingerprint,
  reportSlice,
  type ExperimentStage,
  type Stage,
  type Workspace,
} from '@genlab/spec';
import type { RunStageOptions } from '@genlab/artifacts';
import { UsageError } from './exit-codes';

export const ALL_STAGES: Stage[] = [...EXPERIMENT_STAGES, 'evaluator', 'report'];

/** Everything runStage needs for one stage of one spec, minus the workspace root, the stage function and the version. */
export type ResolvedStage = Omit<RunStageOptions<unknown>, 'root' | 'run' | 'packageVersion'> & { stage: Stage };

/** Which upstream artifacts each experiment stage reads (see docs/artifacts.md). */
const READS: Record<ExperimentStage, ExperimentStage[]> = {
  data: [],
  model: [],
  train: ['data', 'model'],
  sample: ['data', 'model', 'train'],
  evaluate: ['data', 'model', 'train', 'sample'],
};

/** The same for an experiment whose samples come from a file: the sample stage imports them. */
const IMPORTED_READS: Partial<Record<ExperimentStage, ExperimentStage[]>> & Record<'data' | 'sample' | 'evaluate', ExperimentStage[]> = {
  data: [],
  sample: [],
  evaluate: ['data', 'sample'],
};

export function resolveStage(ws: Workspace, stage: Stage, name: string, variantName?: string): ResolvedStage {
  if (!ALL_STAGES.includes(stage)) throw new UsageError(`unknown stage '${stage}' (expected one of ${ALL_STAGES.join(', ')})`);
  const base = { stage, name, formatVersion: STAGE_FORMAT_VERSIONS[stage] };
  const up = (n: string, v: string, s: Stage) => ({ dir: artifactDir(ws.root, n, v, s), name: n, variant: v, stage: s });
  if (stage === 'evaluator') {
    const e = find(ws.evaluators, name, 'evaluator');
    const slice = evaluatorSlice(e.spec);
    return { ...base, variant: DEFAULT_VARIANT, spec: e.spec, slice, fingerprint: fingerprint(stage, slice), seed: e.spec.seed, dir: artifactDir(ws.root, name, DEFAULT_VARIANT, stage), upstreamDirs: {} };
  }
  if (stage === 'report') {
    const r = find(ws.reports, name, 'report');
    const slice = reportSlice(r.spec);
    const variants = reportVariants(ws, r.spec.experiments);
    const upstreamDirs = Object.fromEntries(variants.map(([exp, v]) => [`${exp}/${v}`, up(exp, v, 'evaluate')]));
    // The report also reads each variant's other stage folders (grids, losses, parameter counts).
    const stagesOf = (exp: string) => experimentStages(ws.experiments.find((x) => x.spec.name === exp)?.spec ?? {});
    const alsoReads = variants.flatMap(([exp, v]) => (['data', 'model', 'train', 'sample'] as const).filter((s) => stagesOf(exp).includes(s)).map((s) => up(exp, v, s)));
    return { ...base, variant: DEFAULT_VARIANT, spec: r.spec, slice, fingerprint: fingerprint(stage, slice), seed: null, dir: artifactDir(ws.root, name, DEFAULT_VARIANT, stage), upstreamDirs, alsoReads };
  }
  const e = find(ws.experiments, name, 'experiment');
  const variant = variantName ?? (e.variants.length === 1 ? e.variants[0].name : undefined);
  const v = e.variants.find((x) => x.name === variant);
  if (!v) {
    throw new UsageError(`experiment '${name}' ${variant ? `has no variant '${variant}'` : 'is a sweep; pass --variant'} (variants: ${e.variants.map((x) => x.name).join(', ')})`);
  }
  if (!experimentStages(v.spec).includes(stage)) {
    throw new UsageError(`experiment '${name}' has no ${stage} stage: its samples come from ${v.spec.samples?.from} (samples.from); its stages are ${experimentStages(v.spec).join(', ')}`);
  }
  const slice = experimentSlice(v.spec, stage);
  const reads = (v.spec.samples ? IMPORTED_READS[stage] : READS[stage]) ?? [];
  const upstreamDirs: ResolvedStage['upstreamDirs'] = Object.fromEntries(reads.map((s) => [s, up(name, v.name, s)]));
  if (stage === 'evaluate' && v.spec.evaluate.features.kind === 'evaluator') {
    upstreamDirs.evaluator = up(v.spec.evaluate.evaluator, DEFAULT_VARIANT, 'evaluator');
  }
  return { ...base, variant: v.name, spec: v.spec, slice, fingerprint: fingerprint(stage, slice), seed: v.spec.seed, dir: artifactDir(ws.root, name, v.name, stage), upstreamDirs };
}

/** `exp` means all its variants; `exp/variant` one. */
export function reportVariants(ws: Workspace, refs: readonly string[]): [string, string][] {
  return refs.flatMap((ref) => {
    const [exp, variant] = ref.split('/');
    if (variant) return [[exp, variant] as [string, string]];
    const e = ws.experiments.find((x) => x.spec.name === exp);
    return (e?.variants ?? []).map((v) => [exp, v.name] as [string, string]);
  });
}

function find<T extends { spec: { name: string }; file: string }>(list: T[], name: string, kind: string): T {
  const hit = list.find((x) => x.spec.name === name);
  if (!hit) throw new UsageError(`no ${kind} named '${name}' (known: ${list.map((x) => x.spec.name).join(', ') || 'none'})`);
  return hit;
}

