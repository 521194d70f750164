import { dirname, resolve } from 'node:path';
import type { TSchema } from '@sinclair/typebox';
import { ExperimentSchema, type ExperimentSpec } from './schema/experiment-schema';
import { EvaluatorSchema, type EvaluatorSpec } from './schema/evaluator-schema';
import { ReportSchema, type ReportSpec } from './schema/report-schema';
import { checkReport } from './check-report';
import { SpecError, type SpecIssue } from './spec-error';
import { YamlSource } from './yaml-source';
import { validateAgainst, describeValue } from './validate-schema';
import { deepMerge, isPlainObject, loadPreset, presetNames } from './presets';
import { checkExperiment } from './check-experiment';
import { checkImportedSamples } from './check-imported-samples';
import { inferShapes } from './infer-shapes';
import { expandSweep, type Variant } from './expand-sweep';

export type SpecKind = 'experiment' | 'evaluator' | 'report';

export interface LoadedExperiment {
  kind: 'experiment';
  file: string;
  spec: ExperimentSpec;
  /** What is not wrong but will stop a run: an imported samples file that does not exist yet. */
  warnings: SpecIssue[];
  /** One per sweep combination; a single `default` variant when there is no sweep. */
  variants: Variant[];
}
export interface LoadedEvaluator {
  kind: 'evaluator';
  file: string;
  spec: EvaluatorSpec;
}
export interface LoadedReport {
  kind: 'report';
  file: string;
  spec: ReportSpec;
}
export type LoadedSpec = LoadedExperiment | LoadedEvaluator | LoadedReport;

const SCHEMAS: Record<SpecKind, TSchema> = { experiment: ExperimentSchema, evaluator: EvaluatorSchema, report: ReportSchema };

/** The kind of a spec file follows from its file name: experiment.yaml, evaluator.yaml, report.yaml. */
export function specKindOf(file: string): SpecKind | undefined {
  const m = /(?:^|[\\/])(experiment|evaluator|report)\.ya?ml$/.exec(file);
  return m ? (m[1] as SpecKind) : undefined;
}

/** Loads, validates (collecting every issue) and freezes one spec file. Throws SpecError. */
export function loadSpecFile(file: string, text?: string): LoadedSpec {
  const kind = specKindOf(file);
  if (!kind) {
    throw new SpecError([
      { file, line: 1, col: 1, path: '', expected: 'a file named experiment.yaml, evaluator.yaml or report.yaml', found: `'${file}'` },
    ]);
  }
  const { source, issues } = YamlSource.parse(file, text);
  if (!source) throw new SpecError(issues);
  let raw = source.toJS() as Record<string, unknown>;
  if (kind === 'experiment') {
    const merged = applyPreset(raw, source);
    if ('issues' in merged) throw new SpecError(merged.issues);
    raw = merged.value;
  }
  const declared = kind === 'experiment' ? (source.toJS() as { preset?: unknown }).preset : undefined;
  const preset = typeof declared === 'string' ? declared : undefined;
  const fail = (found: SpecIssue[]) => new SpecError(preset ? found.map((i) => fromPreset(i, source, preset)) : found);
  const schemaIssues = validateAgainst(SCHEMAS[kind], raw, source);
  if (schemaIssues.length > 0) throw fail(schemaIssues);
  if (kind === 'experiment') {
    const spec = raw as unknown as ExperimentSpec;
    const imported = checkImportedSamples(spec, source, workspaceRootOf(file));
    const problems = [...checkExperiment(spec, source, preset), ...imported.issues];
    if (problems.length > 0) throw fail(problems);
    if (spec.samples) spec.samples.sha256 = imported.sha256;
    // Sweep issues are located at the sweep already (its keys are dotted paths, not file paths).
    const variants = expandSweep(spec, source, preset);
    if (variants.issues.length > 0) throw new SpecError(variants.issues);
    return deepFreeze({ kind, file, spec, variants: variants.variants, warnings: imported.warnings });
  }
  if (kind === 'report') {
    const problems = checkReport(raw as unknown as ReportSpec, source);
    if (problems.length > 0) throw fail(problems);
  }
  if (kind === 'evaluator') {
    const spec = raw as unknown as EvaluatorSpec;
    const { shapes, mismatch } = inferShapes(spec.network, [28, 28, 1]);
    const last = shapes[shapes.length - 1];
    if (mismatch) {
      throw new SpecError([
        {
          ...source.at(['network', mismatch.index]),
          path: `network.${mismatch.index}`,
          expected: mismatch.expected,
          found: mismatch.found,
        },
      ]);
    }
    if (last.length !== 1 || last[0] > 512) {
      throw new SpecError([
        {
          ...source.at(['network']),
          path: 'network',
          expected: 'flat features of at most 512 values at the end',
          found: `shape [${last.join(', ')}]`,
        },
      ]);
    }
  }
  return deepFreeze({ kind, file, spec: raw } as LoadedSpec);
}

/** Specs live at <root>/experiments/<name>/<kind>.yaml; `samples.from` is relative to <root>. */
function workspaceRootOf(file: string): string {
  return resolve(dirname(file), '..', '..');
}

/** A problem in a value the file does not spell out came from its preset: say so. */
function fromPreset(issue: SpecIssue, source: YamlSource, preset: string): SpecIssue {
  const path = issue.path.split('.');
  if (issue.path === '' || issue.path.includes(' ') || source.has(path)) return issue;
  return { ...issue, ...source.at(['preset']), found: `${issue.found} (from preset ${preset})` };
}

function applyPreset(raw: Record<string, unknown>, source: YamlSource): { value: Record<string, unknown> } | { issues: SpecIssue[] } {
  if (!('preset' in raw)) return { value: raw };
  const { preset, ...rest } = raw;
  const base = typeof preset === 'string' ? loadPreset(preset) : undefined;
  if (!base) {
    return {
      issues: [
        { ...source.at(['preset']), path: 'preset', expected: `a preset name (${presetNames().join(', ')})`, found: describeValue(preset) },
      ],
    };
  }
  const value = deepMerge(base, rest);
  return { value: isPlainObject(value) ? value : rest };
}

export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
