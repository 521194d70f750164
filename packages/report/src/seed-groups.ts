import { canonicalJson } from '@genlab/spec';
import { flatten } from './find-swept-fields';
import { STAGES, type VariantArtifacts } from './variant-artifacts';

// Repeating a run over seeds (`sweep: { seed: [1, 2, 3], ... }`) is how a researcher sees whether
// a difference is real. Variants of one experiment whose stage slices are equal except for the
// seed form a group; the report shows each metric of a group as mean ± standard deviation over
// its seeds, with n, and keeps every seed's value in a details table.

export interface SeedGroup {
  /** Row label: `exp/<variant without its seed part>`, e.g. `sweep/latentDim-2`. */
  label: string;
  experiment: string;
  /** In seed order. */
  members: VariantArtifacts[];
  seeds: number[];
}

/** The seed a variant ran with (every stage slice holds it). */
export function seedOf(v: VariantArtifacts): number {
  return v.stages.evaluate.manifest.slice.seed as number;
}

/** Everything a variant's stages read except the seed, as one comparable string. */
function withoutSeed(v: VariantArtifacts): string {
  const merged = new Map<string, unknown>();
  for (const s of STAGES) flatten(v.stages[s]?.manifest.slice ?? {}, '', merged);
  merged.delete('seed');
  return canonicalJson(Object.fromEntries([...merged].sort(([a], [b]) => a.localeCompare(b))));
}

/** `seed-1_latentDim-2` -> `latentDim-2`; a seed-only variant name -> ''. */
export function variantWithoutSeed(variant: string): string {
  return variant
    .split('_')
    .filter((part) => !/^seed-/.test(part))
    .join('_');
}

/**
 * Groups variants (in their order) that share an experiment and every slice field but the
 * seed; members are sorted by seed. A variant with no such sibling is a group of one.
 */
export function groupBySeed(variants: VariantArtifacts[]): SeedGroup[] {
  const groups = new Map<string, VariantArtifacts[]>();
  for (const v of variants) {
    const id = `${v.experiment}\n${withoutSeed(v)}`;
    groups.set(id, [...(groups.get(id) ?? []), v]);
  }
  return [...groups.values()].map((members) => {
    const sorted = [...members].sort((a, b) => seedOf(a) - seedOf(b));
    const first = sorted[0];
    const rest = variantWithoutSeed(first.variant);
    const label = sorted.length === 1 ? first.key : `${first.experiment}${rest ? `/${rest}` : ''}`;
    return { label, experiment: first.experiment, members: sorted, seeds: sorted.map(seedOf) };
  });
}

export interface MeanSd {
  mean: number;
  /** Sample standard deviation (n - 1 in the denominator); 0 when n = 1. */
  sd: number;
  n: number;
}

/** Mean and sample standard deviation of the finite values (missing metrics are left out). */
export function meanSd(values: (number | undefined | null)[]): MeanSd | null {
  const xs = values.filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
  if (xs.length === 0) return null;
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const sd = xs.length > 1 ? Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1)) : 0;
  return { mean, sd, n: xs.length };
}
