export { ArtifactError, StageError } from './artifact-error';
export { readManifest, MANIFEST_FILE, type Manifest, type UpstreamArtifact, type BackendProvenance } from './manifest';
export { runStage, LOG_FILE, type StageContext, type StageIdentity, type StageResult, type RunStageOptions } from './run-stage';
export { createLogger, createPrettyFormatter, prettyOptions, type Logger } from './logger';
export { makeTempDir, commitDir, discardDir, listFiles } from './write-atomically';
export { sourceCommit, type SourceCommit } from './source-commit';
export { ProgressLine, progressMode, fitWidth, formatDuration, writeAboveProgress, PROGRESS_ENV, type ProgressMode, type ProgressLineOptions } from './progress-line';
export { Progress, type ProgressOptions } from './progress';
