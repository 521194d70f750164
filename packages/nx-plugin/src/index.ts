export { createNodesV2, stageTarget, ON_DEMAND_TAG, type GenlabPluginOptions } from './create-nodes';
export { STAGE_PACKAGES, stageInputs } from './stage-inputs';
