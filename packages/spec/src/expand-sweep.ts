import type { ExperimentSpec } from './schema/experiment-schema';
import { ExperimentSchema } from './schema/experiment-schema';
import type { SpecIssue } from './spec-error';
import type { YamlSource } from './yaml-source';
import { validateAgainst } from './validate-schema';
import { checkExperiment } from './check-experiment';
import { closestName } from './closest-name';

export interface Variant {
  /** `default` without a sweep; otherwise e.g. `latentDim-2` or `latentDim-2_epochs-5`. */
  name: string;
  /** The swept values of this variant, by dotted path. */
  overrides: Record<string, string | number | boolean>;
  /** The full spec of this variant, with `sweep` emptied. */
  spec: ExperimentSpec;
}

export const DEFAULT_VARIANT = 'default';

/**
 * The most variants one sweep may expand to. Every Nx command builds the graph from every spec
 * (five targets per variant), so a mistyped grid of 160,000 would stall `nx` itself for minutes;
 * counted from the list lengths before anything is expanded. Split a larger study into several
 * experiments.
 */
export const MAX_SWEEP_VARIANTS = 256;

/** Expands `sweep` (a grid over dotted paths) into named variants, each validated like a spec. */
export function expandSweep(spec: ExperimentSpec, source: YamlSource, preset?: string): { variants: Variant[]; issues: SpecIssue[] } {
  const paths = Object.keys(spec.sweep);
  const base = { ...structuredClone(spec), sweep: {} } as ExperimentSpec;
  if (paths.length === 0) return { variants: [{ name: DEFAULT_VARIANT, overrides: {}, spec: base }], issues: [] };
  const issues: SpecIssue[] = [];
  for (const p of paths) {
    if (p.startsWith('sweep') || p === 'name' || getPath(base, p) === undefined || isContainer(getPath(base, p))) {
      issues.push({
        ...source.at(['sweep', p], { key: true }),
        path: `sweep.${p}`,
        expected: 'the dotted path of an existing scalar field (e.g. model.latentDim)',
        found: `'${p}'${suggestPath(base, p)}`,
      });
    }
  }
  if (issues.length > 0) return { variants: [], issues };
  const count = paths.reduce((n, p) => n * spec.sweep[p].length, 1);
  if (count > MAX_SWEEP_VARIANTS) {
    const sizes = paths.map((p) => `${p}: ${spec.sweep[p].length}`).join(' x ');
    return {
      variants: [],
      issues: [
        {
          ...source.at(['sweep']),
          path: 'sweep',
          expected: `a grid of at most ${MAX_SWEEP_VARIANTS} variants (split a larger study into several experiments)`,
          found: `${count.toLocaleString('en')} variants (${sizes})`,
        },
      ],
    };
  }
  const variants: Variant[] = [];
  // One issue per cause: the same problem in several variants (a bad value crossed with others)
  // is reported once, at the swept value that causes it when there is one, naming the variants.
  const grouped = new Map<string, { issue: SpecIssue; variants: string[] }>();
  for (const combo of grid(paths.map((p) => spec.sweep[p]))) {
    const overrides = Object.fromEntries(paths.map((p, i) => [p, combo[i]]));
    const name = paths.map((p, i) => `${p.split('.').pop()}-${String(combo[i]).replace(/[^A-Za-z0-9.=-]/g, '_')}`).join('_');
    const v = structuredClone(base);
    paths.forEach((p, i) => setPath(v, p, combo[i]));
    const problems = [...validateAgainst(ExperimentSchema, v, source), ...checkExperiment(v, source, preset)];
    for (const pr of problems) {
      const i = paths.findIndex((p) => pr.path === p || pr.path.startsWith(`${p}.`));
      const at: (string | number)[] = i >= 0 ? ['sweep', paths[i], spec.sweep[paths[i]].indexOf(combo[i] as never)] : ['sweep'];
      const path = i >= 0 ? at.join('.') : `sweep (${pr.path})`;
      const key = `${path}\n${pr.expected}\n${pr.found}`;
      const g = grouped.get(key) ?? {
        issue: {
          ...source.at(at),
          path,
          expected: pr.expected + (i >= 0 && pr.path !== paths[i] ? ` (at ${pr.path})` : ''),
          found: pr.found,
          ...(pr.hint ? { hint: pr.hint } : {}),
        },
        variants: [],
      };
      g.variants.push(name);
      grouped.set(key, g);
    }
    if (variants.some((x) => x.name === name)) {
      issues.push({
        ...source.at(['sweep']),
        path: 'sweep',
        expected: 'values that give distinct variant names',
        found: `two variants named '${name}'`,
      });
    }
    variants.push({ name, overrides, spec: v });
  }
  for (const { issue, variants: names } of grouped.values()) {
    issues.push({
      ...issue,
      found: `${issue.found} (variant${names.length > 1 ? 's' : ''} ${names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ')})`,
    });
  }
  return { variants, issues };
}

function grid(values: unknown[][]): (string | number | boolean)[][] {
  return values.reduce<(string | number | boolean)[][]>(
    (acc, vs) => acc.flatMap((prefix) => vs.map((v) => [...prefix, v as string | number | boolean])),
    [[]],
  );
}

export function getPath(obj: unknown, dotted: string): unknown {
  return dotted.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);
}

function setPath(obj: unknown, dotted: string, value: unknown): void {
  const keys = dotted.split('.');
  const parent = getPath(obj, keys.slice(0, -1).join('.')) ?? obj;
  (parent as Record<string, unknown>)[keys[keys.length - 1]] = value;
}

const isContainer = (v: unknown) => typeof v === 'object' && v !== null;

/** ` (did you mean 'train.optimizer.learningRate'?)` for `train.optimizer.lr`: each unknown segment replaced by its closest sibling. */
function suggestPath(spec: unknown, dotted: string): string {
  const fixed: string[] = [];
  let node = spec;
  for (const seg of dotted.split('.')) {
    if (!isContainer(node) || Array.isArray(node)) return '';
    const keys = Object.keys(node as object);
    const key = keys.includes(seg)
      ? seg
      : closestName(
          seg,
          keys.filter((k) => k !== 'sweep'),
        );
    if (key === undefined) return '';
    fixed.push(key);
    node = (node as Record<string, unknown>)[key];
  }
  return isContainer(node) || fixed.join('.') === dotted ? '' : ` (did you mean '${fixed.join('.')}'?)`;
}
