import type { UpstreamArtifact } from '@genlab/artifacts';
import { PIPELINE, type ExperimentStage } from '@genlab/spec';

/** metrics.json of the evaluate stage (docs/artifacts.md); every metric is optional per model kind. */
export interface MetricsJson {
  /** `weights`: SHA-256 (16 hex) of the evaluator's weights; absent in metrics written before evaluate format 3. */
  evaluator: { name: string; fingerprint: string; weights?: string; testAccuracy: number };
  epoch: number;
  metrics: {
    fid?: { value: number; definition?: string; samples?: number; reference?: string };
    is?: { mean: number; std: number; splits?: number; definition?: string };
    modeCoverage?: { histogram: number[]; classesCovered: number; klFromUniform: number };
    precision?: { value: number; k?: number };
    recall?: { value: number; k?: number };
    reconstruction?: { mse: number; bce?: number; samples?: number; scale?: string };
    /** The class histogram at each scored epoch (evaluate format 3). */
    coverageByEpoch?: { epochs: { epoch: number; histogram: number[]; classesCovered: number; klFromUniform: number }[]; samples: number };
    /** Classifier-FID and -IS of the same samples at the same epochs (evaluate format 4). */
    scoresByEpoch?: { epochs: { epoch: number; fid: number; is: { mean: number; std: number } }[]; samples: number; definition?: string };
  };
  reference?: {
    fid?: number;
    is?: { mean: number; std: number };
    precision?: number;
    recall?: number;
    definition?: string;
  };
  latent?: { epoch: number; method: string; file: string }[];
  seed?: number | null;
}

/** One line of train's losses.jsonl: `{epoch, step, seconds, imagesPerSec, <lossName>: mean}`. */
export type LossRecord = { epoch: number; step?: number; seconds?: number; imagesPerSec?: number } & Record<string, number>;

/** The stage folders of a variant the report loads (the pipeline's `report.reads`). */
export const STAGES = PIPELINE.report.reads;
export type PipelineStage = ExperimentStage;

/** Everything the report knows about one compared experiment variant, read from its artifacts. */
export interface VariantArtifacts {
  /** `<experiment>/<variant>`, the key of ctx.upstream and of the comparison table rows. */
  key: string;
  experiment: string;
  variant: string;
  /** 'gan' or 'vae', from the model manifest; 'imported' for samples from a file (no model, no train). */
  kind: string;
  /** model and train are absent for imported samples (samples.from). */
  stages: Record<'data' | 'sample' | 'evaluate', UpstreamArtifact> & Partial<Record<'model' | 'train', UpstreamArtifact>>;
  metrics: MetricsJson;
  losses: LossRecord[];
}
