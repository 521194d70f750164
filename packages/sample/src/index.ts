export { drawSamples } from './draw-samples';
export { renderLatents, SAMPLE_BATCH } from './render-latents';
export { normalLatents } from './normal-latents';
export { interpolateLatents } from './interpolate-latents';
export { reconstructImages } from './reconstruct-images';
export { trainCheckpoints, epochName } from './train-checkpoints';
export { runSampleStage, SAMPLES_FILE, RECONSTRUCTIONS_FILE } from './run-sample-stage';
