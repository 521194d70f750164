import { backendProvenance, Progress, StageError, type StageContext, type StageResult } from '@genlab/artifacts';
import { initBackend } from '@genlab/backend';
import { balancedSubset, createRng, deriveSeed, readMnistSplit, type Dataset } from '@genlab/data';
import { saveNetworks } from '@genlab/models';
import type { EvaluatorSpec } from '@genlab/spec';
import { buildClassifier, CLASSIFIER_NETWORK, featureDimOf } from './build-classifier';
import { classifierAccuracy, trainClassifier } from './train-classifier';
import { copyPinnedClassifier, loadPinnedClassifier } from './pinned-classifier';

/**
 * The `evaluator` stage (docs/design.md "Evaluation without Inception weights"): trains the MNIST
 * classifier of ctx.spec on the (optionally class-balanced subset of the) training set, or takes
 * its pinned weights, checks its accuracy on all 10,000 test images against spec.minAccuracy,
 * and writes `classifier/`.
 */
export async function runEvaluatorStage(ctx: StageContext<EvaluatorSpec>): Promise<StageResult> {
  const spec = ctx.spec;
  const info = await initBackend(spec.backend);
  const backend = backendProvenance(info);
  // A pinned evaluator is only scored: the training split is read (and hashed) only to train.
  const test = readMnistSplit('test');
  if (spec.pinned) {
    const model = await loadPinnedClassifier(ctx.root, { ...spec, pinned: spec.pinned });
    try {
      const testAccuracy = checkedAccuracy(
        ctx.name,
        model,
        test,
        spec.minAccuracy,
        `with the pinned weights ${spec.pinned.weights}; they are not this evaluator's`,
      );
      ctx.log.info(
        { testAccuracy, pinned: spec.pinned.weights },
        `pinned evaluator ${ctx.name}: test accuracy ${(testAccuracy * 100).toFixed(2)}%`,
      );
      copyPinnedClassifier(ctx.root, spec.pinned, ctx.outDir);
      return { result: { testAccuracy, featureDim: featureDimOf(model), pinned: spec.pinned, testImages: test.count }, backend };
    } finally {
      model.dispose();
    }
  }
  const train = readMnistSplit('train');
  const indices =
    spec.trainLimit === null
      ? Uint32Array.from({ length: train.count }, (_, i) => i)
      : balancedSubset(train.labels, spec.trainLimit, createRng(deriveSeed(spec.seed, 'evaluator-subset')));
  const model = buildClassifier(spec.network, spec.seed);
  try {
    ctx.log.info({ trainImages: indices.length, epochs: spec.epochs, backend: info.name }, `training evaluator ${ctx.name}`);
    const n = indices.length;
    const progress = new Progress({ label: 'evaluator', total: spec.epochs * n, unit: 'images', log: ctx.log });
    const { seconds } = await trainClassifier(model, train.images, train.labels, indices, {
      epochs: spec.epochs,
      batchSize: spec.batchSize,
      learningRate: spec.learningRate,
      learningRateDecay: spec.learningRateDecay,
      seed: deriveSeed(spec.seed, 'evaluator-shuffle'),
      onBatch: (b) => progress.update((b.epoch - 1) * n + b.done, `epoch ${b.epoch}/${spec.epochs} loss ${b.loss.toFixed(4)}`),
      onEpoch: (e) => ctx.log.info(e, `epoch ${e.epoch}: loss ${e.loss.toFixed(4)}, train accuracy ${e.accuracy.toFixed(4)}`),
    }).finally(() => progress.end());
    const testAccuracy = checkedAccuracy(
      ctx.name,
      model,
      test,
      spec.minAccuracy,
      `after ${spec.epochs} epochs on ${indices.length} images; train longer (epochs) or lower minAccuracy`,
    );
    ctx.log.info({ testAccuracy, trainSeconds: seconds }, `test accuracy ${(testAccuracy * 100).toFixed(2)}%`);
    await saveNetworks({ [CLASSIFIER_NETWORK]: model }, ctx.outDir);
    return {
      result: {
        testAccuracy,
        featureDim: featureDimOf(model),
        epochs: spec.epochs,
        trainSeconds: seconds,
        trainImages: indices.length,
        testImages: test.count,
      },
      backend,
    };
  } finally {
    model.dispose();
  }
}

/** Accuracy on every test image; a StageError below minAccuracy, ending with `why`. */
function checkedAccuracy(
  name: string,
  model: Parameters<typeof classifierAccuracy>[0],
  test: Dataset,
  minAccuracy: number,
  why: string,
): number {
  const testAccuracy = classifierAccuracy(model, test.images, test.labels, test.count);
  if (testAccuracy < minAccuracy) {
    throw new StageError(
      `evaluator ${name}: test accuracy ${(testAccuracy * 100).toFixed(2)}% is below minAccuracy ${(minAccuracy * 100).toFixed(2)}% ${why}`,
    );
  }
  return testAccuracy;
}
