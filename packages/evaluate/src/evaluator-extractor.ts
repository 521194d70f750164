import { ArtifactError, readManifest } from '@genlab/artifacts';
import { tf } from '@genlab/backend';
import { toImageTensor } from '@genlab/data';
import { loadNetworks, WEIGHTS_FILE } from '@genlab/models';
import { CLASSES, CLASSIFIER_NETWORK, FEATURES_LAYER, featureDimOf } from './build-classifier';
import { extractBatched, type FeatureExtractor } from './feature-extractor';

/**
 * The evaluator artifact as a feature extractor: features = the `features` layer (the body's
 * output), probs = the softmax head, on images scaled to [0, 1]. Checks the manifest first.
 */
export async function loadEvaluatorExtractor(evaluatorDir: string): Promise<FeatureExtractor> {
  const { manifest } = readManifest(evaluatorDir, { stage: 'evaluator' });
  const { [CLASSIFIER_NETWORK]: classifier } = await loadNetworks(evaluatorDir, [CLASSIFIER_NETWORK]);
  const accuracy = manifest.result?.testAccuracy;
  const weightsFile = `${CLASSIFIER_NETWORK}/${WEIGHTS_FILE}`;
  const weights = manifest.checksums?.[weightsFile]?.sha256;
  if (!weights)
    throw new ArtifactError(
      evaluatorDir,
      `manifest.json has no checksum for ${weightsFile}; rebuild it (run: genlab run ${manifest.name})`,
    );
  return classifierExtractor(classifier, {
    name: manifest.name,
    fingerprint: manifest.fingerprint,
    weights: weights.slice(0, 16),
    testAccuracy: typeof accuracy === 'number' ? accuracy : null,
  });
}

/** Any classifier from buildClassifier (trained or not) as a feature extractor; dispose() frees it. */
export function classifierExtractor(
  classifier: tf.LayersModel,
  meta: { name: string; fingerprint: string; weights: string; testAccuracy: number | null },
): FeatureExtractor {
  // Both outputs fetched in one execute, so each batch runs the body once. Not predict(): it cuts
  // every batch into slices of 32 (its default batchSize), copies each and concatenates the
  // outputs, which took two thirds of the time. The outputs are the same (evaluator-extractor.test.ts).
  const outputs = [classifier.getLayer(FEATURES_LAYER).output as tf.SymbolicTensor, classifier.outputs[0]].map((t) => t.name);
  const featureDim = featureDimOf(classifier);
  return {
    ...meta,
    featureDim,
    extract: (images, count, onProgress) =>
      extractBatched(
        count,
        featureDim,
        CLASSES,
        (start, n) =>
          tf.tidy(() => classifier.execute(toImageTensor(images, n, 'unit', start), outputs) as tf.Tensor[]) as [tf.Tensor, tf.Tensor], // [n, featureDim], [n, 10]
        onProgress,
      ),
    dispose: () => classifier.dispose(),
  };
}
