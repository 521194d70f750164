import { isAbsolute, relative } from 'node:path';
import { fmtBackend } from './format-values';
import { STAGES, type PipelineStage, type VariantArtifacts } from './variant-artifacts';

/** Where every number of one variant came from: stage fingerprints, evaluator, backend, folders. */
export interface Provenance {
  key: string;
  stages: { stage: PipelineStage; fingerprint: string; path: string; created: string; backend: string }[];
  evaluator: { name: string; fingerprint: string; testAccuracy: number };
  /** The backend that trained the model (train manifest), the one the table's speed refers to. */
  backend: string;
}

/** Artifact folders relative to the workspace root when inside it, so a report moves with its repo. */
export function displayPath(root: string, dir: string): string {
  const rel = relative(root, dir);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : dir;
}

export function provenanceOf(root: string, v: VariantArtifacts): Provenance {
  const train = v.stages.train.manifest;
  return {
    key: v.key,
    stages: STAGES.map((stage) => {
      const m = v.stages[stage].manifest;
      return { stage, fingerprint: m.fingerprint, path: displayPath(root, v.stages[stage].dir), created: m.created, backend: fmtBackend(m.backend) };
    }),
    evaluator: { ...v.metrics.evaluator },
    backend: fmtBackend((train.result as { backend?: unknown }).backend ?? train.backend),
  };
}
