export { buildNetwork, stackLayers, denseHead, type BuildOptions } from './build-network';
export { buildNetworks, disposeNetworks, type Networks } from './build-networks';
export { networkNames, networkPlans, IMAGE_SHAPE, VAE_HEADS, type ModelKind, type NetworkPlan } from './network-plan';
export { layerSeed } from './layer-seed';
export { countParameters } from './count-parameters';
export { flopsPerImage, trainingFlopsPerImage } from './flops-per-image';
export { saveNetworks, loadNetworks, savedNetworkNames, MODEL_FILE, WEIGHTS_FILE } from './model-io';
export { runModelStage, architecture, ARCHITECTURE_FILE } from './model-stage';
