export { ClusterError, ClusterUsageError } from './cluster-error';
export { formatSlurmTime, parseSlurmTime, timeLimitFor, MIN_TIME_LIMIT_SEC } from './slurm-time';
export {
  sbatchScripts,
  ARRAY_SCRIPT,
  REPORT_SCRIPT,
  type JobResources,
  type Sharing,
  type ScriptInput,
  type StudyScripts,
} from './sbatch-scripts';
export { formatStudyPlan, type ShardPlan, type StudyPlan } from './study-plan';
export { checkSharedFileSystem, fileSystemType, partitionNodes } from './shared-filesystem';
export { onPath, slurm, type SlurmResult } from './slurm-command';
export { readSubmissions, submitRoot, SUBMISSION_FILE, type SubmissionRecord } from './submission-record';
export { submitStudy, type SubmitInput, type Submitted } from './submit-study';
export { cancelStudy, studyJobsText, submissionJobs, type JobState } from './study-jobs';
