import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { initBackend } from '@genlab/backend';
import { readMnist } from '@genlab/data';
import { DEFAULT_VARIANT, artifactDir, loadSpecFile, type EvaluatorSpec } from '@genlab/spec';
import {
  buildClassifier,
  classifierExtractor,
  featureStats,
  frechetDistance,
  inceptionScore,
  loadEvaluatorExtractor,
  precisionRecall,
  CLASSES,
  type FeatureExtractor,
} from '../src';
import { loadPinnedClassifier } from '../src/pinned-classifier';

// `npm run bench` part for evaluation: how long scoring 10,000 samples takes (features of both
// sets, classifier-FID, classifier-IS, precision/recall at the default k = 3 and 5,000 points per
// side), with MNIST training images standing in for samples against the 10,000 test images.

export interface EvalBenchResult {
  samples: number;
  testImages: number;
  evaluator: 'trained' | 'pinned' | 'fresh';
  featureDim: number;
  backend: string;
  seconds: { features: number; fid: number; is: number; precisionRecall: number; total: number };
  values: { fid: number; is: number; precision: number; recall: number };
}

export interface EvalBenchOptions {
  samples?: number;
  /** Workspace root (artifacts/evaluator/default/evaluator is used when present, else the pinned weights). */
  root?: string;
  prSamples?: number;
}

export async function benchEvaluation(o: EvalBenchOptions = {}): Promise<EvalBenchResult> {
  const samples = o.samples ?? 10000;
  const prSamples = o.prSamples ?? 5000;
  const root = o.root ?? process.cwd();
  const info = await initBackend('auto');
  const { train, test } = readMnist();
  if (samples > train.count) throw new RangeError(`benchEvaluation: at most ${train.count} samples, found ${samples}`);
  const { extractor, evaluator } = await benchExtractor(root);
  try {
    const t0 = Date.now();
    const fake = await extractor.extract(train.images.subarray(0, samples * 784), samples);
    const real = await extractor.extract(test.images, test.count);
    const t1 = Date.now();
    const d = extractor.featureDim;
    const fid = frechetDistance(featureStats(fake.features, samples, d), featureStats(real.features, test.count, d));
    const t2 = Date.now();
    const is = inceptionScore(fake.probs, samples, CLASSES, 10);
    const t3 = Date.now();
    const m = Math.min(prSamples, samples, test.count);
    const pr = precisionRecall(real.features, fake.features, m, m, d, 3);
    const t4 = Date.now();
    const s = (a: number, b: number) => (b - a) / 1000;
    return {
      samples,
      testImages: test.count,
      evaluator,
      featureDim: d,
      backend: info.name,
      seconds: { features: s(t0, t1), fid: s(t1, t2), is: s(t2, t3), precisionRecall: s(t3, t4), total: s(t0, t4) },
      values: { fid, is: is.mean, precision: pr.precision, recall: pr.recall },
    };
  } finally {
    extractor.dispose?.();
  }
}

/**
 * The default evaluator's artifact if it exists, else its pinned weights (what every score is
 * computed with), else a freshly built (untrained) classifier of its network.
 */
async function benchExtractor(root: string): Promise<{ extractor: FeatureExtractor; evaluator: EvalBenchResult['evaluator'] }> {
  const dir = artifactDir(root, 'evaluator', DEFAULT_VARIANT, 'evaluator');
  if (existsSync(join(dir, 'manifest.json'))) return { extractor: await loadEvaluatorExtractor(dir), evaluator: 'trained' };
  const spec = loadSpecFile(join(root, 'experiments', 'evaluator', 'evaluator.yaml')).spec as EvaluatorSpec;
  if (spec.pinned) {
    const classifier = await loadPinnedClassifier(root, { ...spec, pinned: spec.pinned });
    const meta = { name: 'evaluator (pinned)', fingerprint: 'pinned', weights: spec.pinned.sha256.slice(0, 16), testAccuracy: null };
    return { extractor: classifierExtractor(classifier, meta), evaluator: 'pinned' };
  }
  return {
    extractor: classifierExtractor(buildClassifier(spec.network, spec.seed), {
      name: 'evaluator (untrained)',
      fingerprint: 'untrained',
      weights: 'untrained',
      testAccuracy: null,
    }),
    evaluator: 'fresh',
  };
}

if (require.main === module) {
  void benchEvaluation({ samples: Number(process.argv[2] ?? 10000) }).then((r) => console.log(JSON.stringify(r, null, 2)));
}
