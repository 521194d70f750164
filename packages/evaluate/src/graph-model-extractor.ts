import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ArtifactError } from '@genlab/artifacts';
import { tf } from '@genlab/backend';
import { toImageTensor } from '@genlab/data';
import { SpecError, type FeaturesSpec } from '@genlab/spec';
import { extractBatched, type FeatureExtractor } from './feature-extractor';

export type GraphModelFeaturesSpec = Extract<FeaturesSpec, { kind: 'graph-model' }>;

/**
 * A tfjs graph model on disk (e.g. Inception converted with tensorflowjs_converter) as a
 * feature extractor. Images go in at [-1, 1] (the Inception / TF-GAN preprocessing), resized
 * bilinearly to inputSize and repeated to 3 channels when the model's input has 3; probs are
 * the softmax of `logitsNode`; features are `featuresNode` flattened.
 */
export async function loadGraphModelExtractor(spec: GraphModelFeaturesSpec, root: string): Promise<FeatureExtractor> {
  const file = resolve(root, spec.path);
  if (!existsSync(file)) {
    throw new SpecError([
      {
        file: '(experiment spec)',
        line: 1,
        col: 1,
        path: 'evaluate.features.path',
        expected: 'the path of a tfjs graph model.json (relative to the workspace)',
        found: `'${spec.path}' (no file at ${file})`,
      },
    ]);
  }
  const { json, weights, hash } = readGraphModel(file);
  const model = await tf.loadGraphModel({
    load: async () => tf.io.getModelArtifactsForJSON(json, async (manifest) => [manifest.flatMap((g) => g.weights), weights]),
  });
  const channels = model.inputs[0]?.shape?.[3] ?? 1;
  const prepare = (images: Uint8Array, start: number, n: number) => {
    const x = toImageTensor(images, n, 'signed', start); // [n, 28, 28, 1]
    const sized = spec.inputSize === 28 ? x : tf.image.resizeBilinear(x, [spec.inputSize, spec.inputSize]); // [n, s, s, 1]
    return channels === 3 ? tf.tile(sized, [1, 1, 1, 3]) : sized; // [n, s, s, channels]
  };
  const probe = tf.tidy(() => (model.execute(prepare(new Uint8Array(784), 0, 1), spec.featuresNode) as tf.Tensor).size);
  return {
    name: `graph-model:${spec.path}`,
    fingerprint: hash,
    weights: hash, // already a hash of the model's files
    featureDim: probe,
    testAccuracy: null,
    extract: async (images, count, onProgress) => {
      const classes = tf.tidy(() => (model.execute(prepare(images, 0, 1), spec.logitsNode) as tf.Tensor).size);
      return extractBatched(
        count,
        probe,
        classes,
        (start, n) =>
          tf.tidy(() => {
            const [f, l] = model.execute(prepare(images, start, n), [spec.featuresNode, spec.logitsNode]) as tf.Tensor[];
            return [f.reshape([n, -1]), tf.softmax(l.reshape([n, -1]))]; // [n, featureDim], [n, classes]
          }) as [tf.Tensor, tf.Tensor],
        onProgress,
      );
    },
    dispose: () => model.dispose(),
  };
}

/** model.json, its weight files concatenated in manifest order, and a hash of all of them. */
function readGraphModel(file: string): { json: tf.io.ModelJSON; weights: ArrayBuffer; hash: string } {
  const hash = createHash('sha256');
  const text = readFileSync(file);
  hash.update(text);
  let json: tf.io.ModelJSON;
  try {
    json = JSON.parse(text.toString('utf8')) as tf.io.ModelJSON;
  } catch (err) {
    throw new ArtifactError(file, `not a tfjs model.json (${(err as Error).message})`);
  }
  const parts = (json.weightsManifest ?? [])
    .flatMap((g) => g.paths)
    .map((p) => {
      const path = join(dirname(file), p);
      if (!existsSync(path)) throw new ArtifactError(path, `weight file listed in ${file} is missing`);
      const buf = readFileSync(path);
      hash.update(buf);
      return buf;
    });
  const all = Buffer.concat(parts);
  return { json, weights: all.buffer.slice(all.byteOffset, all.byteOffset + all.length), hash: hash.digest('hex').slice(0, 16) };
}
