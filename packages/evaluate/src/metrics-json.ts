import type { LatentMapEntry } from './latent-maps';
import type { ModeCoverage } from './mode-coverage';
import type { ReconstructionError } from './reconstruction-error';
import type { SetScores } from './score-set';
import {
  FID_DEFINITION, IS_DEFINITION, MODE_COVERAGE_DEFINITION, PRECISION_RECALL_DEFINITION, RECONSTRUCTION_DEFINITION, REFERENCE_DEFINITION,
} from './metric-definitions';

// metrics.json, exactly the shape of docs/artifacts.md; also the evaluate stage's result.

export interface MetricsJson {
  evaluator: { name: string; fingerprint: string; testAccuracy: number | null };
  epoch: number;
  metrics: {
    fid: { value: number; definition: string; samples: number; reference: string; referenceSamples: number };
    is: { mean: number; std: number; splits: number; definition: string; samples: number };
    modeCoverage: ModeCoverage & { definition: string; samples: number };
    precision: { value: number; k: number; samples: number; definition: string };
    recall: { value: number; k: number; samples: number; definition: string };
    reconstruction?: ReconstructionError & { scale: '[0, 1]'; definition: string };
  };
  reference: {
    fid: number; is: { mean: number; std: number; splits: number }; precision: number; recall: number;
    samples: number; definition: string;
  };
  latent: LatentMapEntry[];
  seed: number;
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
      ...(m.reconstruction ? { reconstruction: { ...m.reconstruction, scale: '[0, 1]' as const, definition: RECONSTRUCTION_DEFINITION } } : {}),
    },
    reference: {
      fid: r.fid, is: { mean: r.is.mean, std: r.is.std, splits: r.is.splits }, precision: r.precision, recall: r.recall,
      samples: m.referenceSamples, definition: REFERENCE_DEFINITION,
    },
    latent: m.latent,
    seed: m.seed,
  };
}
