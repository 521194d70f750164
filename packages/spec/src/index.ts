export * from './schema/layer-schema';
export * from './schema/experiment-schema';
export * from './schema/evaluator-schema';
export * from './schema/report-schema';
export { SpecError, formatIssue, type SpecIssue } from './spec-error';
export { canonicalJson } from './canonical-json';
export { inferShapes, countParams, type Shape } from './infer-shapes';
export {
  loadSpecFile,
  specKindOf,
  type LoadedSpec,
  type LoadedExperiment,
  type LoadedEvaluator,
  type LoadedReport,
  type SpecKind,
} from './load-spec';
export { expandSweep, DEFAULT_VARIANT, MAX_SWEEP_VARIANTS, type Variant } from './expand-sweep';
export { presetNames, loadPreset } from './presets';
export * from './pipeline';
export * from './stage-slice';
export { packageCode, packageCodeHash, stagePackages, TFJS_PACKAGES, stageCodeHash } from './stage-code';
export * from './workspace';
export { closestName, didYouMean } from './closest-name';
export { checkImportedSamples, type ImportedSamplesCheck } from './check-imported-samples';
export {
  combinedSha256,
  ImportedSamplesError,
  importedSampleFiles,
  importedSamplesPath,
  importedSamplesSha256,
  inspectImportedSamples,
  scaleProblem,
  type ImportedSampleFile,
  type ImportedSamplesLayout,
  type NpyDtype,
} from './imported-samples';
