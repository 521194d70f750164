/**
 * The pipeline, written once. Every other place that needs the stages, their order, what runs
 * before what and what each reads derives it from here: the Nx plugin's targets (`upstream`),
 * the CLI's stage resolution (`reads`), the report's loading of a variant (`report.reads`) and
 * the code a stage's cache key covers (`package` and that package's own `@genlab/*`
 * dependencies, see stage-code.ts). A new stage kind is one more entry here (plus its slice in
 * stage-slice.ts and its function in the CLI).
 */

/** The stages of one experiment variant, in the order they run; each is an Nx target and an artifact folder. */
export const EXPERIMENT_STAGES = ['data', 'model', 'train', 'sample', 'evaluate'] as const;
export type ExperimentStage = (typeof EXPERIMENT_STAGES)[number];
/** Every stage kind: the experiment's, the evaluator classifier's and the report's. */
export const STAGES = [...EXPERIMENT_STAGES, 'evaluator', 'report'] as const;
export type Stage = (typeof STAGES)[number];

export interface StageDefinition {
  /** The package (under packages/) whose code runs the stage. */
  package: string;
  /**
   * Stages of the same variant that must be built first (the Nx target's `dependsOn`). A
   * report's are those of each compared variant; the evaluator's own spec is upstream of an
   * evaluate whose features come from it (`evaluate.evaluator`), added where the spec says so.
   */
  upstream: readonly ExperimentStage[];
  /** The upstream artifact folders (of the same variant) the stage reads: its `ctx.upstream`. */
  reads: readonly ExperimentStage[];
}

export const PIPELINE: Readonly<Record<Stage, StageDefinition>> = {
  data: { package: 'data', upstream: [], reads: [] },
  model: { package: 'models', upstream: [], reads: [] },
  train: { package: 'train', upstream: ['data', 'model'], reads: ['data', 'model'] },
  // sample and evaluate rebuild the networks and read the test images, so they read more than their upstream.
  sample: { package: 'sample', upstream: ['train'], reads: ['data', 'model', 'train'] },
  evaluate: { package: 'evaluate', upstream: ['sample'], reads: ['data', 'model', 'train', 'sample'] },
  evaluator: { package: 'evaluate', upstream: [], reads: [] },
  // The report waits on each variant's evaluate and reads every stage folder of it (grids, losses, parameter counts).
  report: { package: 'report', upstream: ['evaluate'], reads: EXPERIMENT_STAGES },
};

/**
 * An experiment whose samples come from a file (`samples.from`) has no model and no training:
 * its sample stage imports the file, and evaluate reads the test images (data) and the samples.
 */
export const IMPORTED_STAGES = ['data', 'sample', 'evaluate'] as const satisfies readonly ExperimentStage[];
const IMPORTED_PIPELINE: Readonly<Partial<Record<ExperimentStage, StageDefinition>>> = {
  data: PIPELINE.data,
  sample: { package: 'sample', upstream: [], reads: [] },
  evaluate: { package: 'evaluate', upstream: ['data', 'sample'], reads: ['data', 'sample'] },
};

/** The stages this experiment has, in order: every one, or IMPORTED_STAGES when it imports its samples. */
export function experimentStages(spec: { samples?: unknown }): readonly ExperimentStage[] {
  return spec.samples ? IMPORTED_STAGES : EXPERIMENT_STAGES;
}

/** What `stage` waits on and reads for this experiment; undefined for a stage it does not have. */
export function experimentStageDefinition(spec: { samples?: unknown }, stage: ExperimentStage): StageDefinition | undefined {
  return spec.samples ? IMPORTED_PIPELINE[stage] : PIPELINE[stage];
}

export const isStage = (s: string): s is Stage => (STAGES as readonly string[]).includes(s);
export const isExperimentStage = (s: string): s is ExperimentStage => (EXPERIMENT_STAGES as readonly string[]).includes(s);
