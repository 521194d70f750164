import type { VariantArtifacts } from './variant-artifacts';

// The numbers the claims table reads, each from one place in a variant's artifacts (metrics.json
// of evaluate format 2, the model and train manifests). undefined = not in these artifacts
// (e.g. metrics.json written before the metric existed): the claim is then "not measured".

type Ratio = { laplacianVariance?: number; gradientMagnitude?: number };

/** metrics.json fields added with evaluate format 2 (packages/evaluate metrics-json.ts). */
interface ClaimMetricsJson {
  sharpness?: { ratio?: Ratio };
  recognisable?: { value?: number; threshold?: number };
  diversity?: { ratio?: number };
  latentClasses?: { final?: number; pixelAccuracy?: number; chance?: number; k?: number; epochs?: { epoch: number; accuracy: number }[] };
}

const num = (x: unknown): number | undefined => (typeof x === 'number' && Number.isFinite(x) ? x : undefined);
const extra = (v: VariantArtifacts) => v.metrics.metrics as ClaimMetricsJson;
const trainResult = (v: VariantArtifacts) =>
  (v.stages.train?.manifest.result ?? {}) as { trainSeconds?: unknown; epochs?: unknown; backend?: unknown };

export const claimMetrics = {
  fid: (v: VariantArtifacts) => num(v.metrics.metrics.fid?.value),
  sharpnessLaplacian: (v: VariantArtifacts) => num(extra(v).sharpness?.ratio?.laplacianVariance),
  sharpnessGradient: (v: VariantArtifacts) => num(extra(v).sharpness?.ratio?.gradientMagnitude),
  recognisable: (v: VariantArtifacts) => num(extra(v).recognisable?.value),
  recognisableThreshold: (v: VariantArtifacts) => num(extra(v).recognisable?.threshold),
  latentK: (v: VariantArtifacts) => num(extra(v).latentClasses?.k),
  klFromUniform: (v: VariantArtifacts) => num(v.metrics.metrics.modeCoverage?.klFromUniform),
  classesCovered: (v: VariantArtifacts) => num(v.metrics.metrics.modeCoverage?.classesCovered),
  coverageSamples: (v: VariantArtifacts) => num((v.metrics.metrics.modeCoverage as { samples?: unknown } | undefined)?.samples),
  diversityRatio: (v: VariantArtifacts) => num(extra(v).diversity?.ratio),
  latentKnn: (v: VariantArtifacts) => num(extra(v).latentClasses?.final),
  latentKnnPixels: (v: VariantArtifacts) => num(extra(v).latentClasses?.pixelAccuracy),
  latentKnnByEpoch: (v: VariantArtifacts) => extra(v).latentClasses?.epochs ?? [],
  params: (v: VariantArtifacts) => {
    const p = v.stages.model?.manifest.result.params as Record<string, number> | undefined;
    if (!p) return undefined;
    return num(p.total) ?? Object.values(p).reduce((s, n) => s + n, 0);
  },
  trainSeconds: (v: VariantArtifacts) => num(trainResult(v).trainSeconds),
  epochs: (v: VariantArtifacts) => num(trainResult(v).epochs),
  trainBackend: (v: VariantArtifacts) => trainResult(v).backend ?? v.stages.train?.manifest.backend,
  latentDim: (v: VariantArtifacts) => num((v.stages.model?.manifest.result as { latentDim?: unknown } | undefined)?.latentDim),
};
