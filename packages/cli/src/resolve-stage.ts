import {
  DEFAULT_VARIANT,
  PIPELINE,
  STAGES,
  STAGE_FORMAT_VERSIONS,
  artifactDir,
  evaluatorSlice,
  experimentSlice,
  experimentStageDefinition,
  experimentStages,
  fingerprint,
  reportSlice,
  type Stage,
  type Workspace,
} from '@genlab/spec';
import type { RunStageOptions } from '@genlab/artifacts';
import { UsageError } from './exit-codes';

export const ALL_STAGES: readonly Stage[] = STAGES;

/** Everything runStage needs for one stage of one spec, minus the workspace root, the stage function and the version. */
export type ResolvedStage = Omit<RunStageOptions<unknown>, 'root' | 'run' | 'packageVersion'> & { stage: Stage };

export function resolveStage(ws: Workspace, stage: Stage, name: string, variantName?: string): ResolvedStage {
  if (!ALL_STAGES.includes(stage)) throw new UsageError(`unknown stage '${stage}' (expected one of ${ALL_STAGES.join(', ')})`);
  const base = { stage, name, formatVersion: STAGE_FORMAT_VERSIONS[stage] };
  const up = (n: string, v: string, s: Stage) => ({ dir: artifactDir(ws.root, n, v, s), name: n, variant: v, stage: s });
  if (stage === 'evaluator') {
    const e = find(ws.evaluators, name, 'evaluator');
    const slice = evaluatorSlice(e.spec);
    return {
      ...base,
      variant: DEFAULT_VARIANT,
      spec: e.spec,
      slice,
      fingerprint: fingerprint(stage, slice),
      seed: e.spec.seed,
      dir: artifactDir(ws.root, name, DEFAULT_VARIANT, stage),
      upstreamDirs: {},
    };
  }
  if (stage === 'report') {
    const r = find(ws.reports, name, 'report');
    const slice = reportSlice(r.spec);
    const variants = reportVariants(ws, r.spec.experiments);
    // Each variant's evaluate is the report's upstream (its key); the report also reads the
    // variant's other stage folders (grids, losses, parameter counts), checked but not keyed.
    const [keyed] = PIPELINE.report.upstream;
    const upstreamDirs = Object.fromEntries(variants.map(([exp, v]) => [`${exp}/${v}`, up(exp, v, keyed)]));
    const stagesOf = (exp: string) => experimentStages(ws.experiments.find((x) => x.spec.name === exp)?.spec ?? {});
    const alsoReads = variants.flatMap(([exp, v]) =>
      PIPELINE.report.reads.filter((s) => s !== keyed && stagesOf(exp).includes(s)).map((s) => up(exp, v, s)),
    );
    return {
      ...base,
      variant: DEFAULT_VARIANT,
      spec: r.spec,
      slice,
      fingerprint: fingerprint(stage, slice),
      seed: null,
      dir: artifactDir(ws.root, name, DEFAULT_VARIANT, stage),
      upstreamDirs,
      alsoReads,
    };
  }
  const e = find(ws.experiments, name, 'experiment');
  const variant = variantName ?? (e.variants.length === 1 ? e.variants[0].name : undefined);
  const v = e.variants.find((x) => x.name === variant);
  if (!v) {
    throw new UsageError(
      `experiment '${name}' ${variant ? `has no variant '${variant}'` : 'is a sweep; pass --variant'} (variants: ${e.variants.map((x) => x.name).join(', ')})`,
    );
  }
  if (!experimentStages(v.spec).includes(stage)) {
    throw new UsageError(
      `experiment '${name}' has no ${stage} stage: its samples come from ${v.spec.samples?.from} (samples.from); its stages are ${experimentStages(v.spec).join(', ')}`,
    );
  }
  const slice = experimentSlice(v.spec, stage);
  const reads = experimentStageDefinition(v.spec, stage)?.reads ?? [];
  const upstreamDirs: ResolvedStage['upstreamDirs'] = Object.fromEntries(reads.map((s) => [s, up(name, v.name, s)]));
  if (stage === 'evaluate' && v.spec.evaluate.features.kind === 'evaluator') {
    upstreamDirs.evaluator = up(v.spec.evaluate.evaluator, DEFAULT_VARIANT, 'evaluator');
  }
  return {
    ...base,
    variant: v.name,
    spec: v.spec,
    slice,
    fingerprint: fingerprint(stage, slice),
    seed: v.spec.seed,
    dir: artifactDir(ws.root, name, v.name, stage),
    upstreamDirs,
  };
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
