import type { Manifest } from '@genlab/artifacts';
import { STAGES, type MetricsJson, type PipelineStage, type VariantArtifacts } from '../src/variant-artifacts';

/** An in-memory variant for pure tests: manifests with the given slices and results, no files. */
export function makeVariant(o: {
  experiment: string;
  variant: string;
  kind?: string;
  slices?: Partial<Record<PipelineStage, Record<string, unknown>>>;
  results?: Partial<Record<PipelineStage, Record<string, unknown>>>;
  metrics?: Partial<MetricsJson>;
}): VariantArtifacts {
  const manifest = (stage: PipelineStage): Manifest => ({
    stage,
    name: o.experiment,
    variant: o.variant,
    fingerprint: `${stage}-fp`,
    formatVersion: 1,
    slice: o.slices?.[stage] ?? { seed: 42 },
    upstream: {},
    packageVersion: '0.1.0',
    backend: null,
    seed: 42,
    wallTimeSec: 1,
    created: '2026-01-01T00:00:00.000Z',
    files: [],
    checksums: {},
    result: o.results?.[stage] ?? {},
  });
  const stages = Object.fromEntries(
    STAGES.map((s) => [s, { dir: `/a/${o.experiment}/${o.variant}/${s}`, manifest: manifest(s), manifestSha256: '0' }]),
  ) as VariantArtifacts['stages'];
  return {
    key: `${o.experiment}/${o.variant}`,
    experiment: o.experiment,
    variant: o.variant,
    kind: o.kind ?? 'vae',
    stages,
    metrics: { evaluator: { name: 'evaluator', fingerprint: 'abcd', testAccuracy: 0.99 }, epoch: 1, metrics: {}, ...o.metrics },
    losses: [],
  };
}
