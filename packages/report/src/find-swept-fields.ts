import { canonicalJson } from '@genlab/spec';
import { STAGES, type VariantArtifacts } from './variant-artifacts';

/** A spec field that differs between variants of one experiment, with each variant's value. */
export interface SweptField {
  /** Dotted path in the spec, e.g. `model.latentDim`. */
  path: string;
  numeric: boolean;
  values: Map<string, number | string | boolean>;
}

/** Every leaf of a slice by dotted path (arrays by index: `model.generator.0.units`). */
export function flatten(value: unknown, prefix = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else {
    out.set(prefix, value);
  }
  return out;
}

/** `latentDim-2_epochs-5` -> ['latentDim', 'epochs'] (the last segments of the swept paths). */
export function sweepKeysOfVariant(variant: string): string[] {
  return variant
    .split('_')
    .map((part) => part.split('-')[0])
    .filter((k) => /^[A-Za-z][A-Za-z0-9]*$/.test(k));
}

/**
 * The fields a sweep varies, read from the stage manifests' slices (the evaluate slice alone does
 * not hold model fields). Fields named by the variant name come first, in its order (the
 * swept value is read from the slice, not parsed from the name); other differing fields follow,
 * numeric ones first. Empty when the variants do not differ in any spec field.
 */
export function findSweptFields(variants: VariantArtifacts[]): SweptField[] {
  if (variants.length < 2) return [];
  const flat = variants.map((v) => {
    const merged = new Map<string, unknown>();
    for (const s of STAGES) flatten(v.stages[s]?.manifest.slice ?? {}, '', merged);
    return merged;
  });
  const paths = [...new Set(flat.flatMap((f) => [...f.keys()]))];
  const differing = paths.filter((p) => new Set(flat.map((f) => canonicalJson(f.get(p) ?? null))).size > 1);
  const fields: SweptField[] = differing.map((path) => {
    const values = new Map(variants.map((v, i) => [v.key, flat[i].get(path) as number | string | boolean]));
    return { path, numeric: [...values.values()].every((x) => typeof x === 'number'), values };
  });
  const named = sweepKeysOfVariant(variants[0].variant);
  const rank = (f: SweptField) => {
    const i = named.indexOf(f.path.split('.').pop() as string);
    return i >= 0 ? i : named.length + (f.numeric ? 0 : 1);
  };
  return fields.sort((a, b) => rank(a) - rank(b));
}
