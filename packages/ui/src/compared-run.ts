import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { MANIFEST_FILE, readManifest } from '@genlab/artifacts';
import { readKeyMetrics } from './key-metrics';
import { readJsonObject } from './read-json-object';

/** A run named on the command line or in a URL that does not exist, or is not a name at all. */
export class UnknownRunError extends Error {
  override readonly name = 'UnknownRunError';
}

/** One experiment variant as genlab compare and the compare page see it, read from its artifacts. */
export interface ComparedRun {
  /** `<experiment>/<variant>` */
  key: string;
  experiment: string;
  variant: string;
  /** 'gan' | 'vae', from the model manifest; null without one. */
  kind: string | null;
  /** KEY_METRICS by id; null where metrics.json lacks it or there is no evaluate artifact. */
  metrics: Record<string, number | null>;
  trainSeconds: number | null;
  params: number | null;
  /** The epoch metrics.json was computed at; null without an evaluate artifact. */
  epoch: number | null;
  /** Why there are no metrics (no evaluate artifact yet), else null. */
  note: string | null;
}

const NAME = /^[a-z0-9][a-z0-9-]*$/;
const VARIANT = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Is `s` a possible experiment name / variant name (never a path: no slash, no `..`)? */
export const isRunName = (s: string): boolean => NAME.test(s);
export const isVariantName = (s: string): boolean => VARIANT.test(s) && !s.includes('..');

/**
 * `name` (every variant with artifacts, sorted) or `name/variant`, read from
 * `<root>/artifacts/<name>/<variant>/`: the artifacts as they are, whatever the specs say now,
 * so runs whose spec changed or left are still comparable.
 */
export function loadComparedRuns(root: string, refs: string[]): ComparedRun[] {
  const runs: ComparedRun[] = [];
  for (const ref of refs) {
    const [name, variant, extra] = ref.split('/');
    if (extra !== undefined || !isRunName(name ?? '') || (variant !== undefined && !isVariantName(variant))) {
      throw new UnknownRunError(`'${ref}' is not <experiment> or <experiment>/<variant>`);
    }
    const dir = join(root, 'artifacts', name);
    const variants = variant !== undefined ? [variant] : variantsWithArtifacts(dir);
    if (variants.length === 0 || !existsSync(join(dir, variants[0]))) {
      throw new UnknownRunError(`no artifacts for '${ref}' under ${join(root, 'artifacts')} (run: genlab run ${name})`);
    }
    for (const v of variants) if (!runs.some((r) => r.key === `${name}/${v}`)) runs.push(loadComparedRun(root, name, v));
  }
  return runs;
}

/** Variant folders of one experiment that hold at least one stage artifact. */
export function variantsWithArtifacts(experimentDir: string): string[] {
  if (!existsSync(experimentDir)) return [];
  return readdirSync(experimentDir, { withFileTypes: true })
    .filter(
      (d) =>
        d.isDirectory() &&
        isVariantName(d.name) &&
        readdirSync(join(experimentDir, d.name)).some((s) => existsSync(join(experimentDir, d.name, s, MANIFEST_FILE))),
    )
    .map((d) => d.name)
    .sort();
}

export function loadComparedRun(root: string, name: string, variant: string): ComparedRun {
  const base = join(root, 'artifacts', name, variant);
  const manifest = (stage: string) => {
    try {
      return readManifest(join(base, stage), { stage, name, variant }, { verify: false }).manifest;
    } catch {
      return null;
    }
  };
  const model = manifest('model');
  const train = manifest('train');
  const evaluate = manifest('evaluate');
  const metricsJson = evaluate ? readJsonObject(join(base, 'evaluate', 'metrics.json')) : null;
  const num = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : null);
  const params = (model?.result as { params?: { total?: unknown } } | undefined)?.params?.total;
  return {
    key: `${name}/${variant}`,
    experiment: name,
    variant,
    kind: typeof model?.result.kind === 'string' ? model.result.kind : null,
    metrics: readKeyMetrics(metricsJson?.metrics),
    trainSeconds: num(train?.result.trainSeconds),
    params: num(params),
    epoch: num(metricsJson?.epoch),
    note: evaluate === null ? 'not evaluated yet (no evaluate artifact)' : metricsJson === null ? 'metrics.json unreadable' : null,
  };
}

/**
 * A run as one evaluate artifact folder holds it (e.g. an entry of the Nx cache): its metrics
 * only (the model and train folders may be elsewhere or gone). `key` says which it is.
 */
export function comparedRunFromEvaluate(key: string, experiment: string, variant: string, evaluateDir: string): ComparedRun {
  const metricsJson = readJsonObject(join(evaluateDir, 'metrics.json'));
  const epoch = metricsJson?.epoch;
  return {
    key,
    experiment,
    variant,
    kind: null,
    metrics: readKeyMetrics(metricsJson?.metrics),
    trainSeconds: null,
    params: null,
    epoch: typeof epoch === 'number' ? epoch : null,
    note: metricsJson === null ? 'metrics.json unreadable' : null,
  };
}
