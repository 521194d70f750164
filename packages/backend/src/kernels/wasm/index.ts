// The kernels we put on tfjs's 'wasm' backend, replacing or adding to its stock ones.
import type { KernelConfig } from '@tensorflow/tfjs';
import { tf } from '../../tf';
import { makeBatchMatMulConfig } from './batch-mat-mul';
import { conv2DBackpropFilterConfig } from './conv2d-backprop-filter';
import { conv2DBackpropInputConfig } from './conv2d-backprop-input';
import { withExplicitSamePadding } from './conv2d-same-padding';
import { identityConfig } from './identity';

/** Built when registering, as some overrides wrap the stock kernel they replace. */
export function wasmKernelConfigs(): KernelConfig[] {
  const configs = [conv2DBackpropFilterConfig, conv2DBackpropInputConfig, identityConfig];
  const stockMatMul = tf.getKernel('BatchMatMul', 'wasm');
  if (stockMatMul) configs.push(makeBatchMatMulConfig(stockMatMul));
  for (const name of ['Conv2D', 'FusedConv2D']) {
    const stock = tf.getKernel(name, 'wasm');
    if (stock) configs.push(withExplicitSamePadding(stock));
  }
  return configs;
}
