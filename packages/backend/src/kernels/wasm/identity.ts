// Identity that shares its input's memory, as tfjs's cpu backend does, instead of the stock wasm
// kernel's copy. tfjs's engine runs Identity for every tensor it saves for the backward pass
// (engine.clone in saveTensorsForBackwardMode): 102 copies per paper-GAN training step, every
// activation and weight once more. Tensors are immutable and the wasm backend counts references
// per data id (Reshape already shares this way), so a shared buffer lives until its last tensor
// is disposed.
import type { IdentityInputs, KernelConfig, TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

function identity({ inputs, backend }: { inputs: IdentityInputs; backend: BackendWasm }): TensorInfo {
  const x = inputs.x as TensorInfo;
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
}

export const identityConfig: KernelConfig = {
  kernelName: 'Identity',
  backendName: 'wasm',
  kernelFunc: identity as unknown as KernelConfig['kernelFunc'],
};
