import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ArtifactError } from '@genlab/artifacts';
import { tf } from '@genlab/backend';
import type { Networks } from './build-networks';

// The only I/O of this package. tfjs-node's file:// handler is absent on the wasm and cpu
// backends, so models go to disk through our own handlers, in the standard tfjs layers format
// (model.json with weightsManifest paths ['weights.bin'] + one weights.bin), loadable by
// tf.loadLayersModel anywhere. Callers write into a stage's temp folder, so writes are atomic.

export const MODEL_FILE = 'model.json';
export const WEIGHTS_FILE = 'weights.bin';

/** Writes `<dir>/<name>/model.json` and `<dir>/<name>/weights.bin` for every network. */
export async function saveNetworks(networks: Networks, dir: string): Promise<void> {
  for (const [name, net] of Object.entries(networks)) await saveNetwork(net, join(dir, name));
}

async function saveNetwork(net: tf.LayersModel, dir: string): Promise<void> {
  await net.save(
    tf.io.withSaveHandler(async (artifacts) => {
      mkdirSync(dir, { recursive: true });
      const weights = new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData ?? new ArrayBuffer(0)));
      const modelJson: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology as {},
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
        weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs ?? [] }],
        ...(artifacts.trainingConfig ? { trainingConfig: artifacts.trainingConfig } : {}),
      };
      writeFileSync(join(dir, WEIGHTS_FILE), weights);
      writeFileSync(join(dir, MODEL_FILE), JSON.stringify(modelJson));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
}

/**
 * Loads networks saved by saveNetworks. `names` defaults to every subfolder holding a
 * model.json. A missing or corrupt file is an ArtifactError naming it.
 */
export async function loadNetworks(dir: string, names?: string[]): Promise<Networks> {
  const list = names ?? savedNetworkNames(dir);
  if (list.length === 0) throw new ArtifactError(dir, `no <network>/${MODEL_FILE} found`);
  const networks: Networks = {};
  try {
    for (const name of list) networks[name] = await loadNetwork(join(dir, name));
  } catch (err) {
    Object.values(networks).forEach((n) => n.dispose());
    throw err;
  }
  return networks;
}

/** Subfolders of `dir` that hold a model.json, sorted. */
export function savedNetworkNames(dir: string): string[] {
  if (!existsSync(dir)) throw new ArtifactError(dir, 'model folder is missing');
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(dir, e.name, MODEL_FILE)))
    .map((e) => e.name)
    .sort();
}

async function loadNetwork(dir: string): Promise<tf.LayersModel> {
  const artifacts = readArtifacts(dir);
  try {
    return await tf.loadLayersModel({ load: async () => artifacts });
  } catch (err) {
    throw new ArtifactError(join(dir, MODEL_FILE), `tfjs cannot build the model: ${(err as Error).message}`);
  }
}

function readArtifacts(dir: string): tf.io.ModelArtifacts {
  const jsonFile = join(dir, MODEL_FILE);
  const binFile = join(dir, WEIGHTS_FILE);
  for (const f of [jsonFile, binFile]) if (!existsSync(f)) throw new ArtifactError(f, 'file is missing; rerun the stage that writes it');
  let json: tf.io.ModelJSON;
  try {
    json = JSON.parse(readFileSync(jsonFile, 'utf8')) as tf.io.ModelJSON;
  } catch (err) {
    throw new ArtifactError(jsonFile, `corrupt JSON (${(err as Error).message})`);
  }
  const groups = json.weightsManifest;
  if (!json.modelTopology || !Array.isArray(groups) || groups.length !== 1 || groups[0].paths?.[0] !== WEIGHTS_FILE) {
    throw new ArtifactError(jsonFile, `expected a tfjs layers model with modelTopology and one weights group ['${WEIGHTS_FILE}']`);
  }
  const buf = readFileSync(binFile);
  const expected = groups[0].weights.reduce((sum, w) => sum + w.shape.reduce((a, b) => a * b, 1) * bytesPerValue(w.dtype), 0);
  if (buf.length !== expected) throw new ArtifactError(binFile, `has ${buf.length} bytes, expected ${expected} from ${MODEL_FILE}`);
  return {
    modelTopology: json.modelTopology,
    weightSpecs: groups[0].weights,
    weightData: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length),
    format: json.format,
    generatedBy: json.generatedBy,
    convertedBy: json.convertedBy,
    ...(json.trainingConfig ? { trainingConfig: json.trainingConfig } : {}),
  };
}

function bytesPerValue(dtype: string): number {
  return dtype === 'bool' || dtype === 'uint8' ? 1 : dtype === 'float16' ? 2 : 4;
}
