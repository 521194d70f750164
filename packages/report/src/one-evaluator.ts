import { StageError } from '@genlab/artifacts';
import { fmt } from './format-values';
import type { MetricsJson, VariantArtifacts } from './variant-artifacts';

// Classifier-FID and -IS are distances in one classifier's feature space. Two evaluators trained
// from the same spec (same fingerprint) on different thread counts round differently, end with
// different weights and measure in different spaces, so a report compares scores only when one
// set of weights computed all of them.

/** What a variant's scores are relative to: the evaluator's weights, or for metrics written
 * before evaluate recorded them, its fingerprint and test accuracy (different accuracies mean
 * different weights). */
export function evaluatorIdentity(e: MetricsJson['evaluator']): string {
  return e.weights ? `weights ${e.weights}` : `${e.fingerprint}, accuracy ${e.testAccuracy}`;
}

/** The evaluator as the tables name it, next to every classifier score. */
export function formatEvaluator(e: MetricsJson['evaluator']): string {
  return `${e.name} ${e.weights ? `weights ${e.weights}` : e.fingerprint} (${fmt(e.testAccuracy * 100, 2)}%)`;
}

/** Throws, naming each evaluator and the variants it scored, unless one evaluator scored them all. */
export function requireOneEvaluator(variants: VariantArtifacts[]): void {
  const byIdentity = new Map<string, { label: string; keys: string[] }>();
  for (const v of variants) {
    const id = evaluatorIdentity(v.metrics.evaluator);
    const entry = byIdentity.get(id) ?? { label: formatEvaluator(v.metrics.evaluator), keys: [] };
    entry.keys.push(v.key);
    byIdentity.set(id, entry);
  }
  if (byIdentity.size <= 1) return;
  const list = [...byIdentity.values()].map((e) => `${e.label} scored ${e.keys.join(', ')}`).join('; ');
  throw new StageError(
    `the compared variants were scored by ${byIdentity.size} different evaluators (${list}); classifier-FID and -IS from different ` +
      'evaluator weights are not comparable. Evaluate every variant with one evaluator: rerun `genlab run <report>` with the same ' +
      'evaluator artifact in the workspace (restore it from the cache), so each evaluate stage is recomputed against it',
  );
}
