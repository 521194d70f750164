export { trainDiscriminatorStep, discriminatorLoss, type DiscriminatorStepOptions } from './train-discriminator-step';
export { trainGeneratorStep, generatorLoss } from './train-generator-step';
export { vaeTrainStep, vaeLoss, type VaeLossOptions, type VaeLosses } from './vae-train-step';
export type { GanNetworks, VaeNetworks } from './gan-networks';
export { trainableVariables } from './trainable-variables';
export { createOptimizer } from './create-optimizer';
export { saveOptimizers, loadOptimizers, OPTIMIZER_JSON, OPTIMIZER_WEIGHTS } from './optimizer-state';
export { normalNoise, latentTensor } from './latent-noise';
export { createKindTrainer, type KindTrainer } from './kind-trainer';
export {
  writeCheckpoint,
  listCheckpoints,
  latestCheckpoint,
  readCheckpointState,
  checkpointName,
  STATE_FILE,
  type CheckpointState,
  type CheckpointRef,
} from './checkpoint';
export { runEpoch, type EpochInput, type EpochOutput } from './run-epoch';
export { trainLoop, initialState, isCheckpointEpoch, LOSSES_FILE, type TrainHooks, type TrainLoopInput } from './train-loop';
export { TrainProgress, formatDuration, type TrainProgressOptions } from './train-progress';
export { TrainingInterrupted } from './training-interrupted';
export { guardSigint } from './sigint-guard';
export { writeSampleGrid } from './write-sample-grid';
export { runTrainStage, type TrainStageOptions } from './run-train-stage';
export type { LossRow } from './loss-row';
export { STEP_LOSSES_FILE, readStepLosses, type StepLossRow } from './step-losses';
export { findContinuation, seedWorkDir, pruneToSchedule, continuationInWorkDir, type Continuation } from './continuation';
export { continuationOf } from './continuation-rule';
