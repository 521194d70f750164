export { createNodesV2, stageTarget, ON_DEMAND_TAG, type GenlabPluginOptions } from './create-nodes';
export { stageInputs } from './stage-inputs';
