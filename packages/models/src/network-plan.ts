import { SpecError, inferShapes, type LayerSpec, type ModelSpec, type Shape } from '@genlab/spec';

// Which networks a model kind has, and what each maps from and to. The GAN (paper 3.2.1) is
// generator [latentDim] -> [28, 28, 1] and discriminator [28, 28, 1] -> [1] (a logit); the VAE
// (paper 3.3) is encoder [28, 28, 1] -> flat features (+ mean / log-variance heads) and
// decoder [latentDim] -> [28, 28, 1].

export type ModelKind = ModelSpec['kind'];

export const IMAGE_SHAPE: Shape = [28, 28, 1];

/** Names of the VAE encoder's two outputs (the paper's z_mean and z_log_var, section 3.7.2). */
export const VAE_HEADS = { mean: 'z_mean', logVar: 'z_log_var' } as const;

export interface NetworkPlan {
  name: string;
  layers: LayerSpec[];
  input: Shape;
  /** Output shape of each layer of `layers`. */
  shapes: Shape[];
}

export function networkNames(kind: ModelKind): string[] {
  return kind === 'gan' ? ['generator', 'discriminator'] : ['encoder', 'decoder'];
}

/**
 * The layer list, input shape and per-layer output shapes of each network of `model`, checked
 * end to end (a loaded spec is already checked; this guards specs built in code).
 */
export function networkPlans(model: ModelSpec): NetworkPlan[] {
  const io: Record<string, { input: Shape; output?: Shape }> = {
    generator: { input: [model.latentDim], output: IMAGE_SHAPE },
    discriminator: { input: IMAGE_SHAPE, output: [1] },
    encoder: { input: IMAGE_SHAPE },
    decoder: { input: [model.latentDim], output: IMAGE_SHAPE },
  };
  return networkNames(model.kind).map((name) => {
    const layers = (model as Record<string, unknown>)[name] as LayerSpec[] | undefined;
    if (!layers || layers.length === 0) throw specIssue(`model.${name}`, `a layer list for the ${model.kind} ${name}`, 'none');
    const { input, output } = io[name];
    const { shapes, mismatch } = inferShapes(layers, input, output);
    if (mismatch) throw specIssue(`model.${name}.${mismatch.index}`, mismatch.expected, mismatch.found);
    if (name === 'encoder' && shapes[shapes.length - 1].length !== 1) {
      throw specIssue(
        'model.encoder',
        'the encoder body to end in flat features (add flatten)',
        `shape [${shapes[shapes.length - 1].join(', ')}]`,
      );
    }
    return { name, layers, input, shapes };
  });
}

function specIssue(path: string, expected: string, found: string): SpecError {
  return new SpecError([{ file: '(model spec)', line: 1, col: 1, path, expected, found }]);
}
