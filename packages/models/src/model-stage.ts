import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { backendProvenance, type StageContext, type StageResult } from '@genlab/artifacts';
import { initBackend } from '@genlab/backend';
import type { ExperimentSpec, ModelSpec } from '@genlab/spec';
import { buildNetworks, disposeNetworks } from './build-networks';
import { countParameters } from './count-parameters';
import { flopsPerImage } from './flops-per-image';
import { saveNetworks } from './model-io';
import { networkPlans, VAE_HEADS } from './network-plan';

export const ARCHITECTURE_FILE = 'architecture.json';

/**
 * The `model` stage: the untrained networks of ctx.spec.model (paper 3.2.1 / 3.3) initialised
 * from ctx.spec.seed, saved as tfjs models, plus architecture.json (layer lists and shapes).
 */
export async function runModelStage(ctx: StageContext<ExperimentSpec>): Promise<StageResult> {
  const info = await initBackend(ctx.spec.backend);
  const { model, seed } = ctx.spec;
  const networks = buildNetworks(model, seed);
  try {
    await saveNetworks(networks, ctx.outDir);
    writeFileSync(join(ctx.outDir, ARCHITECTURE_FILE), JSON.stringify(architecture(model), null, 2) + '\n');
    const params = countParameters(networks);
    const flops = flopsPerImage(model);
    ctx.log.info({ params, flopsPerImage: flops, backend: info.name }, `${model.kind}: ${params.total} parameters`);
    return {
      result: { kind: model.kind, latentDim: model.latentDim, params, flopsPerImage: flops },
      backend: backendProvenance(info),
    };
  } finally {
    disposeNetworks(networks);
  }
}

/** Each network's input shape and layer list with every layer's output shape (no batch axis). */
export function architecture(model: ModelSpec): Record<string, unknown> {
  const networks: Record<string, unknown> = {};
  for (const plan of networkPlans(model)) {
    networks[plan.name] = {
      input: plan.input,
      layers: plan.layers.map((layer, i) => ({ ...layer, outputShape: plan.shapes[i] })),
      ...(plan.name === 'encoder'
        ? {
            heads: Object.values(VAE_HEADS).map((name) => ({
              name,
              type: 'dense',
              units: model.latentDim,
              outputShape: [model.latentDim],
            })),
          }
        : {}),
    };
  }
  return { kind: model.kind, latentDim: model.latentDim, networks };
}
