// The kernels of the 'native' backend: tfjs's wasm backend (with our wasm kernels) where the
// heavy kernels run in the oneDNN addon, in place on the wasm heap. Each wraps the kernel it
// replaces, which still runs for inputs the addon does not take.
import type { KernelConfig } from '@tensorflow/tfjs';
import type { NativeAddon } from '@genlab/backend-native';
import { tf } from '../../tf';
import { nativeAdamConfig } from './adam';
import { nativeBatchMatMulConfig, nativeFusedMatMulConfig } from './batch-mat-mul';
import { nativeBiasAddConfig } from './bias-add';
import { nativeConv2DConfig, nativeFusedConv2DConfig } from './conv2d';
import { nativeConv2DBackpropFilterConfig } from './conv2d-backprop-filter';
import { nativeConv2DBackpropInputConfig } from './conv2d-backprop-input';
import { installFusedBatchNormGradient, nativeFusedBatchNormConfig, nativeFusedBatchNormGradConfig } from './fused-batch-norm';
import { installLeakyReluGradient, nativeLeakyReluConfig, nativeLeakyReluGradConfig } from './leaky-relu';
import { installMeanGradient, nativeMeanConfig, nativeMeanGradConfig } from './mean';
import { nativeSquareConfig } from './square';
import { nativeSubConfig } from './sub';
import { nativeSumConfig } from './sum';

/**
 * `wasmConfigs` are the wasm backend's kernels as registered for 'wasm' (ours replacing stock);
 * a native kernel falls back to the one of the same name there, else to tfjs's stock kernel.
 */
export function nativeKernelConfigs(addon: NativeAddon, wasmConfigs: KernelConfig[]): KernelConfig[] {
  const fallback = (name: string) => wasmConfigs.find((c) => c.kernelName === name) ?? tf.getKernel(name, 'wasm');
  installLeakyReluGradient();
  installFusedBatchNormGradient();
  installMeanGradient();
  return [
    nativeConv2DConfig(addon, fallback('Conv2D')),
    nativeFusedConv2DConfig(addon, fallback('FusedConv2D')),
    nativeConv2DBackpropInputConfig(addon, fallback('Conv2DBackpropInput')),
    nativeConv2DBackpropFilterConfig(addon, fallback('Conv2DBackpropFilter')),
    nativeBatchMatMulConfig(addon, fallback('BatchMatMul')),
    nativeFusedMatMulConfig(addon, fallback('_FusedMatMul')),
    nativeBiasAddConfig(addon, fallback('Add')),
    nativeSumConfig(addon, fallback('Sum')),
    nativeLeakyReluConfig(addon, fallback('LeakyRelu')),
    nativeLeakyReluGradConfig(addon),
    nativeAdamConfig(addon),
    nativeMeanConfig(addon, fallback('Mean')),
    nativeMeanGradConfig(addon),
    nativeFusedBatchNormConfig(addon, fallback('FusedBatchNorm')),
    nativeFusedBatchNormGradConfig(addon),
    nativeSubConfig(addon, fallback('Sub')),
    nativeSquareConfig(addon, fallback('Square')),
  ];
}
