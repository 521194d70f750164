import type { EpochCoverage, EpochScores } from './coverage-by-epoch';
import type { LatentMapEntry } from './latent-maps';
import type { ModeCoverage } from './mode-coverage';
import type { ReconstructionError } from './reconstruction-error';
import type { SetScores } from './score-set';
import { sharpnessRatio, type Sharpness } from './sharpness';
import { RECOGNISABLE_CONFIDENCE } from './recognisable-share';
import { DIVERSITY_PER_CLASS } from './within-class-diversity';
import {
  COVERAGE_BY_EPOCH_DEFINITION,
  SCORES_BY_EPOCH_DEFINITION,
  DIVERSITY_DEFINITION,
  FID_DEFINITION,
  IS_DEFINITION,
  LATENT_CLASSES_DEFINITION,
  MODE_COVERAGE_DEFINITION,
  PRECISION_RECALL_DEFINITION,
  RECOGNISABLE_DEFINITION,
  RECONSTRUCTION_DEFINITION,
  REFERENCE_DEFINITION,
  SHARPNESS_DEFINITION,
} from './metric-definitions';

// metrics.json, exactly the shape of docs/artifacts.md; also the evaluate stage's result.

export interface MetricsJson {
  /** `weights`: SHA-256 (16 hex) of the evaluator's weights, what every classifier score is relative to. */
  evaluator: { name: string; fingerprint: string; weights: string; testAccuracy: number | null };
  epoch: number;
  metrics: {
    fid: { value: number; definition: string; samples: number; reference: string; referenceSamples: number };
    is: { mean: number; std: number; splits: number; definition: string; samples: number };
    modeCoverage: ModeCoverage & { definition: string; samples: number };
    precision: { value: number; k: number; samples: number; definition: string };
    recall: { value: number; k: number; samples: number; definition: string };
    reconstruction?: ReconstructionError & { scale: '[0, 1]'; definition: string };
    sharpness: Sharpness & { real: Sharpness; ratio: Sharpness; samples: number; realSamples: number; definition: string };
    recognisable: { value: number; threshold: number; samples: number; definition: string };
    diversity: { value: number; real: number; ratio: number; perClass: number; samples: number; definition: string };
    latentClasses?: LatentClasses & { definition: string };
    coverageByEpoch: { epochs: EpochCoverage[]; samples: number; definition: string };
    /** Classifier-FID and -IS of the coverage samples at each of coverageByEpoch's epochs (evaluate format 4). */
    scoresByEpoch: { epochs: EpochScores[]; samples: number; reference: string; referenceSamples: number; definition: string };
  };
  reference: {
    fid: number;
    is: { mean: number; std: number; splits: number };
    precision: number;
    recall: number;
    recognisable: number;
    diversityRatio: number;
    sharpnessRatio: Sharpness;
    samples: number;
    definition: string;
  };
  latent: LatentMapEntry[];
  seed: number;
}

/** k-NN accuracy of digit labels on the VAE's latent means (paper figure 2), per mapped epoch. */
export interface LatentClasses {
  k: number;
  points: number;
  chance: number;
  pixelAccuracy: number;
  epochs: { epoch: number; accuracy: number }[];
  /** Accuracy at the final epoch (the one the other metrics describe). */
  final: number;
}

/** Sharpness of the samples, the real test images and the reference row's training images. */
export interface SharpnessInput {
  samples: Sharpness;
  real: Sharpness;
  reference: Sharpness;
  realSamples: number;
}

export interface MetricsInput {
  evaluator: MetricsJson['evaluator'];
  epoch: number;
  seed: number;
  samples: number;
  testCount: number;
  scores: SetScores;
  reference: SetScores;
  referenceSamples: number;
  reconstruction?: ReconstructionError;
  latent: LatentMapEntry[];
  sharpness: SharpnessInput;
  latentClasses?: LatentClasses;
  coverageByEpoch: EpochCoverage[];
  /** FID and IS of the same samples as coverageByEpoch, at the same epochs. */
  scoresByEpoch: EpochScores[];
  coverageSamples: number;
}

export function metricsJson(m: MetricsInput): MetricsJson {
  const s = m.scores;
  const r = m.reference;
  return {
    evaluator: m.evaluator,
    epoch: m.epoch,
    metrics: {
      fid: { value: s.fid, definition: FID_DEFINITION, samples: m.samples, reference: 'MNIST test set', referenceSamples: m.testCount },
      is: { mean: s.is.mean, std: s.is.std, splits: s.is.splits, definition: IS_DEFINITION, samples: m.samples },
      modeCoverage: { ...s.modeCoverage, definition: MODE_COVERAGE_DEFINITION, samples: m.samples },
      precision: { value: s.precision, k: s.k, samples: s.prSamples, definition: PRECISION_RECALL_DEFINITION },
      recall: { value: s.recall, k: s.k, samples: s.prSamples, definition: PRECISION_RECALL_DEFINITION },
      ...(m.reconstruction
        ? { reconstruction: { ...m.reconstruction, scale: '[0, 1]' as const, definition: RECONSTRUCTION_DEFINITION } }
        : {}),
      sharpness: {
        ...m.sharpness.samples,
        real: m.sharpness.real,
        ratio: sharpnessRatio(m.sharpness.samples, m.sharpness.real),
        samples: m.samples,
        realSamples: m.sharpness.realSamples,
        definition: SHARPNESS_DEFINITION,
      },
      recognisable: { value: s.recognisable, threshold: RECOGNISABLE_CONFIDENCE, samples: m.samples, definition: RECOGNISABLE_DEFINITION },
      diversity: {
        value: s.diversity.value,
        real: s.diversity.real,
        ratio: s.diversity.ratio,
        perClass: DIVERSITY_PER_CLASS,
        samples: m.samples,
        definition: DIVERSITY_DEFINITION,
      },
      ...(m.latentClasses ? { latentClasses: { ...m.latentClasses, definition: LATENT_CLASSES_DEFINITION } } : {}),
      coverageByEpoch: { epochs: m.coverageByEpoch, samples: m.coverageSamples, definition: COVERAGE_BY_EPOCH_DEFINITION },
      scoresByEpoch: {
        epochs: m.scoresByEpoch,
        samples: m.coverageSamples,
        reference: 'MNIST test set',
        referenceSamples: m.testCount,
        definition: SCORES_BY_EPOCH_DEFINITION,
      },
    },
    reference: {
      fid: r.fid,
      is: { mean: r.is.mean, std: r.is.std, splits: r.is.splits },
      precision: r.precision,
      recall: r.recall,
      recognisable: r.recognisable,
      diversityRatio: r.diversity.ratio,
      sharpnessRatio: sharpnessRatio(m.sharpness.reference, m.sharpness.real),
      samples: m.referenceSamples,
      definition: REFERENCE_DEFINITION,
    },
    latent: m.latent,
    seed: m.seed,
  };
}
