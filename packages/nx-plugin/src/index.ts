export { createNodesV2, stageTarget, type GenlabPluginOptions } from './create-nodes';
export { STAGE_PACKAGES, stageInputs } from './stage-inputs';
