export { main, MAIN_HELP } from './main';
export { EXIT_OK, EXIT_FAILURE, EXIT_BAD_INPUT, UsageError, reportError } from './exit-codes';
export { resolveStage, reportVariants, ALL_STAGES, type ResolvedStage } from './resolve-stage';
export { findWorkspaceRoot } from './workspace-root';
