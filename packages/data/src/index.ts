export { parseIdx, encodeIdx, type IdxArray } from './idx';
export {
  readMnist,
  readMnistSplit,
  readVerified,
  mnistDataDir,
  MNIST_FILES,
  MNIST_SHA256,
  IMAGE_SIZE,
  PIXELS,
  type Dataset,
  type MnistSplits,
} from './read-mnist';
export { Rng, createRng, deriveSeed, type RngState } from './rng';
export { balancedSubset, classCounts } from './balanced-subset';
export { runDataStage, subsetDataset, DATA_FILES } from './data-stage';
export { loadDataset } from './load-dataset';
export { toImageTensor, tensorToUint8, type PixelScale } from './to-image-tensor';
export { encodeGridPng, type GridOptions } from './encode-grid-png';
