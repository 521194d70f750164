// Parameters, forward FLOPs per image and build / save / load / forward times of the paper's
// networks. Run: npx tsx packages/models/bench/model-summary.bench.ts [backend]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend, tf } from '@genlab/backend';
import { loadSpecFile, type ExperimentSpec } from '@genlab/spec';
import { buildNetworks, countParameters, disposeNetworks, flopsPerImage, loadNetworks, saveNetworks } from '../src';

async function summarise(preset: string, dir: string): Promise<Record<string, unknown>> {
  const spec = loadSpecFile(`experiments/b-${preset}/experiment.yaml`, `name: b-${preset}\npreset: ${preset}\n`).spec as ExperimentSpec;
  const ms = (t: number) => Math.round(performance.now() - t);
  let t = performance.now();
  const nets = buildNetworks(spec.model, spec.seed);
  const buildMs = ms(t);
  t = performance.now();
  await saveNetworks(nets, join(dir, preset));
  const saveMs = ms(t);
  t = performance.now();
  const loaded = await loadNetworks(join(dir, preset));
  const loadMs = ms(t);
  const first = spec.model.kind === 'gan' ? 'generator' : 'encoder';
  const input = first === 'generator' ? [64, spec.model.latentDim] : [64, 28, 28, 1];
  t = performance.now();
  tf.tidy(() => ([] as tf.Tensor[]).concat(loaded[first].predict(tf.zeros(input)) as tf.Tensor).map((o) => o.dataSync()));
  const forward64Ms = ms(t);
  const out = {
    preset,
    params: countParameters(nets),
    flopsPerImage: flopsPerImage(spec.model),
    buildMs,
    saveMs,
    loadMs,
    [`${first}Forward64Ms`]: forward64Ms,
  };
  disposeNetworks(nets);
  disposeNetworks(loaded);
  return out;
}

async function main(): Promise<void> {
  const info = await initBackend((process.argv[2] ?? 'auto') as 'auto');
  const dir = mkdtempSync(join(tmpdir(), 'genlab-model-bench-'));
  try {
    for (const preset of ['paper-gan', 'paper-vae']) console.log(JSON.stringify({ backend: info.name, ...(await summarise(preset, dir)) }));
    console.log(JSON.stringify({ numTensors: tf.memory().numTensors }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
