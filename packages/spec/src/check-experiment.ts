import type { ExperimentSpec } from './schema/experiment-schema';
import type { SpecIssue } from './spec-error';
import type { YamlSource } from './yaml-source';
import { inferShapes, type Shape } from './infer-shapes';

const IMAGE: Shape = [28, 28, 1];

// Rules a JSON Schema cannot say: which networks each model kind needs, whether their shapes
// connect, and whether the epochs other stages ask for will exist as checkpoints.
export function checkExperiment(spec: ExperimentSpec, source: YamlSource): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const add = (path: (string | number)[], expected: string, found: string) =>
    issues.push({ ...source.at(path), path: path.join('.'), expected, found });
  const m = spec.model;
  const networks: Record<string, [Shape, Shape] | undefined> =
    m.kind === 'gan'
      ? { generator: [[m.latentDim], IMAGE], discriminator: [IMAGE, [1]], encoder: undefined, decoder: undefined }
      : { encoder: [IMAGE, []], decoder: [[m.latentDim], IMAGE], generator: undefined, discriminator: undefined };
  for (const [net, io] of Object.entries(networks)) {
    const layers = m[net as keyof typeof m] as ExperimentSpec['model']['generator'];
    if (!io) {
      if (layers) add(['model', net], `no ${net} for a ${m.kind} model`, `a ${net} of ${layers.length} layers`);
      continue;
    }
    if (!layers) {
      add(['model'], `model.${net} (a list of layers) for a ${m.kind} model`, 'nothing');
      continue;
    }
    const { shapes, mismatch } = inferShapes(layers, io[0], io[1].length > 0 ? io[1] : undefined);
    if (mismatch) add(['model', net, Math.min(mismatch.index, layers.length - 1)], `${mismatch.expected} (layer ${mismatch.index} of model.${net})`, mismatch.found);
    else if (io[1].length === 0 && shapes[shapes.length - 1].length !== 1) {
      add(['model', net], 'the encoder to end in flat features (add flatten)', `shape [${shapes[shapes.length - 1].join(', ')}]`);
    }
  }
  if (m.kind === 'vae' && spec.train.loss.reconstruction === 'bernoulli' && spec.data.scale !== 'unit') {
    add(['data', 'scale'], "scale 'unit' ([0, 1]) for a bernoulli reconstruction loss", `'${spec.data.scale}'`);
  }
  const checkpointed = (e: number) => e === spec.train.epochs || e % spec.train.checkpointEvery === 0;
  for (const path of [['sample', 'epochs'], ['evaluate', 'latent', 'epochs']] as const) {
    const epochs = path.length === 2 ? spec.sample.epochs : spec.evaluate.latent.epochs;
    epochs.forEach((e, i) => {
      if (e > spec.train.epochs) add([...path, i], `an epoch <= train.epochs (${spec.train.epochs})`, `${e}`);
      else if (!checkpointed(e)) add([...path, i], `a checkpointed epoch (a multiple of train.checkpointEvery = ${spec.train.checkpointEvery}, or the last)`, `${e}`);
    });
  }
  if (spec.evaluate.samples > spec.sample.count) {
    add(['evaluate', 'samples'], `at most sample.count (${spec.sample.count}) samples`, `${spec.evaluate.samples}`);
  }
  return issues;
}
