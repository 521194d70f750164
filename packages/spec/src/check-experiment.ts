import type { ExperimentSpec } from './schema/experiment-schema';
import type { SpecIssue } from './spec-error';
import type { YamlSource } from './yaml-source';
import { inferShapes, type Shape } from './infer-shapes';

const IMAGE: Shape = [28, 28, 1];

// Rules a JSON Schema cannot say: which networks each model kind needs, whether their shapes
// connect, and whether the epochs other stages ask for will exist as checkpoints.
export function checkExperiment(spec: ExperimentSpec, source: YamlSource, preset?: string): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const add = (path: (string | number)[], expected: string, found: string) =>
    issues.push({ ...source.at(path), path: path.join('.'), expected, found });
  // An experiment that imports its samples has no model (checkImportedSamples checks it).
  if (spec.samples) return issues;
  const m = spec.model as ExperimentSpec['model'] | undefined;
  if (!m) {
    issues.push({
      ...source.at([]),
      path: 'model',
      expected: 'a model (kind, latentDim, layers; or a preset), or samples: { from } to import samples instead of training',
      found: 'neither',
    });
    return issues;
  }
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
    if (mismatch)
      add(
        ['model', net, Math.min(mismatch.index, layers.length - 1)],
        `${mismatch.expected} (layer ${mismatch.index} of model.${net})`,
        mismatch.found,
      );
    else if (io[1].length === 0 && shapes[shapes.length - 1].length !== 1) {
      add(['model', net], 'the encoder to end in flat features (add flatten)', `shape [${shapes[shapes.length - 1].join(', ')}]`);
    }
  }
  if (m.kind === 'vae' && spec.train.loss.reconstruction === 'bernoulli' && spec.data.scale !== 'unit') {
    add(['data', 'scale'], "scale 'unit' ([0, 1]) for a bernoulli reconstruction loss", `'${spec.data.scale}'`);
  }
  issues.push(...epochIssues(spec, source, preset));
  if (spec.evaluate.samples > spec.sample.count) {
    add(['evaluate', 'samples'], `at most sample.count (${spec.sample.count}) samples`, `${spec.evaluate.samples}`);
  }
  return issues;
}

const EPOCH_LISTS = [
  ['sample', 'epochs'],
  ['evaluate', 'latent', 'epochs'],
] as const;

/**
 * The epochs sample and evaluate ask for must be checkpointed by train. One issue per cause:
 * a list the file writes is located at its first bad epoch; lists that come from the preset or
 * the defaults are one issue at the train field that excludes them, with the fix.
 */
function epochIssues(spec: ExperimentSpec, source: YamlSource, preset: string | undefined): SpecIssue[] {
  const { epochs: last, checkpointEvery: every } = spec.train;
  const checkpointed = (e: number) => e === last || e % every === 0;
  const causes = [
    {
      bad: (e: number) => e > last,
      field: 'epochs',
      expected: `an epoch <= train.epochs (${last})`,
      why: (list: string) => `train.epochs is ${last} but ${list}`,
    },
    {
      bad: (e: number) => e <= last && !checkpointed(e),
      field: 'checkpointEvery',
      expected: `a checkpointed epoch (a multiple of train.checkpointEvery = ${every}, or the last)`,
      why: (list: string) => `train.checkpointEvery is ${every} (and train.epochs ${last}) but ${list}`,
    },
  ];
  const issues: SpecIssue[] = [];
  for (const cause of causes) {
    const inherited: string[] = [];
    for (const path of EPOCH_LISTS) {
      const list = path.length === 2 ? spec.sample.epochs : spec.evaluate.latent.epochs;
      const bad = list.map((e, i) => [e, i] as const).filter(([e]) => cause.bad(e));
      if (bad.length === 0) continue;
      const dotted = path.join('.');
      if (source.has([...path])) {
        const where = bad.length === 1 ? [...path, bad[0][1]] : [...path];
        issues.push({
          ...source.at([...path, bad[0][1]]),
          path: where.join('.'),
          expected: cause.expected,
          found: bad.map(([e]) => e).join(', '),
        });
      } else {
        inherited.push(`${dotted} ${preset ? `from preset ${preset}` : 'by default'} asks for ${bad.map(([e]) => e).join(', ')}`);
      }
    }
    if (inherited.length === 0) continue;
    const lists = inherited.map((x) => x.split(' ')[0]);
    const field = ['train', cause.field];
    issues.push({
      ...source.at(field),
      path: field.join('.'),
      expected: `a value that checkpoints the epochs ${lists.join(' and ')} ${lists.length > 1 ? 'ask' : 'asks'} for`,
      found: String(spec.train[cause.field as 'epochs' | 'checkpointEvery']),
      hint: `${cause.why(inherited.join(', and '))}: set ${lists.join(' and ')}${cause.field === 'checkpointEvery' ? ', or a train.checkpointEvery that divides them' : ''}`,
    });
  }
  return issues;
}
