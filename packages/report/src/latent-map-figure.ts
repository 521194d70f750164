import { ArtifactError } from '@genlab/artifacts';
import { readArtifactJson } from './load-variant';
import type { VegaLiteSpec } from './render-chart-png';
import type { VariantArtifacts } from './variant-artifacts';

/** `latent/epoch-0010-pca.json` of the evaluate artifact. */
export interface LatentMap {
  epoch: number;
  method: string;
  points: [number, number, number][];
}

/** The latent maps the evaluate artifact lists, grouped by method ('pca', 'umap'), epochs ascending. */
export function latentEntries(v: VariantArtifacts): Map<string, { epoch: number; file: string }[]> {
  const byMethod = new Map<string, { epoch: number; file: string }[]>();
  for (const l of v.metrics.latent ?? []) byMethod.set(l.method, [...(byMethod.get(l.method) ?? []), { epoch: l.epoch, file: l.file }]);
  for (const list of byMethod.values()) list.sort((a, b) => a.epoch - b.epoch);
  return byMethod;
}

export function readLatentMap(v: VariantArtifacts, file: string): LatentMap {
  const dir = v.stages.evaluate.dir;
  const map = readArtifactJson<LatentMap>(dir, file);
  if (!Array.isArray(map.points) || map.points.some((p) => !Array.isArray(p) || p.length < 3)) {
    throw new ArtifactError(dir, `${file}: expected points [[x, y, label], ...]`);
  }
  return map;
}

/**
 * Paper figure 2: the VAE's latent means projected to 2-D, coloured by digit class, one panel
 * per epoch. Each projection has its own axes (a PCA basis per epoch), hence independent scales.
 */
export function latentMapChart(maps: LatentMap[], method: string): VegaLiteSpec {
  const values = maps.flatMap((m) => m.points.map(([x, y, label]) => ({ epoch: m.epoch, x, y, digit: String(label) })));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    data: { values },
    facet: { column: { field: 'epoch', type: 'ordinal', title: 'epoch', header: { labelFontSize: 13 } } },
    spec: {
      width: 220,
      height: 220,
      mark: { type: 'circle', size: 14, opacity: 0.75 },
      encoding: {
        x: { field: 'x', type: 'quantitative', title: `${method.toUpperCase()} 1`, scale: { zero: false } },
        y: { field: 'y', type: 'quantitative', title: `${method.toUpperCase()} 2`, scale: { zero: false } },
        color: {
          field: 'digit',
          type: 'nominal',
          title: 'digit',
          scale: { scheme: 'category10', domain: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] },
        },
      },
    },
    resolve: { scale: { x: 'independent', y: 'independent' } },
  } as VegaLiteSpec;
}
