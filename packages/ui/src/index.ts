export { KEY_METRICS, readKeyMetrics, type KeyMetric } from './key-metrics';
export {
  loadComparedRuns,
  loadComparedRun,
  comparedRunFromEvaluate,
  variantsWithArtifacts,
  isRunName,
  isVariantName,
  UnknownRunError,
  type ComparedRun,
} from './compared-run';
export { buildCompareTable, type CompareTable, type CompareCell } from './compare-table';
export { formatCompareTable, MISSING } from './format-compare';
export { startUiServer, type UiServer, type UiServerOptions } from './ui-server';
export { readRuns, type RunsSnapshot, type RunRow, type StageState } from './run-states';
