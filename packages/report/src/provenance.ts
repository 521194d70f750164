import { isAbsolute, relative } from 'node:path';
import { fmtBackend, fmtSeconds, NONE } from './format-values';
import { fmtKernels, kernelSetId, recordedKernels } from './kernel-identity';
import { STAGES, type PipelineStage, type VariantArtifacts } from './variant-artifacts';

/** Where every number of one variant came from: stage fingerprints, evaluator, backend, folders. */
export interface Provenance {
  key: string;
  stages: {
    stage: PipelineStage;
    /** `<experiment>/<variant>`: which run this row is. */
    run: string;
    /** The slice fingerprint: equal for every variant whose spec slice of this stage is equal. */
    fingerprint: string;
    /** The artifact's content id (contentSha256: fingerprint and every file's SHA-256), first 16 hex digits. */
    artifactId: string;
    /** Other compared variants whose slice of this stage is the same (same fingerprint). */
    sameSliceAs: string[];
    path: string;
    created: string;
    backend: string;
    wallTime: string;
    commit: string;
    /** The kernels that produced it: oneDNN version, native code hash, kernel set id (fmtKernels). */
    kernels: string;
  }[];
  /** Each kernel set the stages ran, by the id their `kernels` cell names. */
  kernelSets: { id: string; kernels: string[] }[];
  evaluator: { name: string; fingerprint: string; weights?: string; testAccuracy: number };
  /** The backend that trained the model (train manifest), the one the table's speed refers to. */
  backend: string;
}

/** Artifact folders relative to the workspace root when inside it, so a report moves with its repo. */
export function displayPath(root: string, dir: string): string {
  const rel = relative(root, dir);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : dir;
}

export function provenanceOf(root: string, v: VariantArtifacts, all: readonly VariantArtifacts[] = [v]): Provenance {
  const train = v.stages.train?.manifest;
  return {
    key: v.key,
    // Imported samples (samples.from) have no model or train stage to list.
    stages: STAGES.filter((stage) => v.stages[stage]).map((stage) => {
      const a = v.stages[stage] as NonNullable<VariantArtifacts['stages'][typeof stage]>;
      const m = a.manifest;
      return {
        stage,
        run: v.key,
        fingerprint: m.fingerprint,
        artifactId: a.contentSha256.slice(0, 16),
        sameSliceAs: all.filter((o) => o.key !== v.key && o.stages[stage]?.manifest.fingerprint === m.fingerprint).map((o) => o.key),
        path: displayPath(root, a.dir),
        created: m.created,
        backend: fmtBackend(m.backend),
        wallTime: fmtSeconds(m.wallTimeSec),
        commit: fmtCommit(m.source),
        kernels: fmtKernels(m.backend),
      };
    }),
    kernelSets: kernelSetsOf(STAGES.filter((stage) => v.stages[stage]).map((stage) => recordedKernels(v.stages[stage]!.manifest.backend))),
    evaluator: { ...v.metrics.evaluator },
    backend: train ? fmtBackend((train.result as { backend?: unknown }).backend ?? train.backend) : '—',
  };
}

/** The distinct non-empty kernel lists, in first-seen order, with their ids. */
function kernelSetsOf(lists: string[][]): { id: string; kernels: string[] }[] {
  const sets = new Map<string, string[]>();
  for (const k of lists) if (k.length > 0 && !sets.has(kernelSetId(k))) sets.set(kernelSetId(k), [...k].sort());
  return [...sets].map(([id, kernels]) => ({ id, kernels }));
}

/** A manifest's source commit: 12 hex digits, marked when tracked files had uncommitted changes. */
export function fmtCommit(source: unknown): string {
  if (typeof source !== 'object' || source === null || typeof (source as { commit?: unknown }).commit !== 'string') return NONE;
  const { commit, dirty } = source as { commit: string; dirty?: boolean };
  return `${commit.slice(0, 12)}${dirty ? ' (uncommitted changes)' : ''}`;
}
