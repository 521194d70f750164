export { KEY_METRICS, readKeyMetrics, type KeyMetric } from './key-metrics';
export { loadComparedRuns, loadComparedRun, variantsWithArtifacts, isRunName, isVariantName, UnknownRunError, type ComparedRun } from './compared-run';
export { buildCompareTable, type CompareTable, type CompareCell } from './compare-table';
export { formatCompareTable, MISSING } from './format-compare';
