// Batch normalisation with per-channel statistics (what tf.batchNorm and tfjs-layers'
// batchNormalization run, in training and in inference): the FusedBatchNorm forward, and its
// gradient as one kernel (GenlabFusedBatchNormGrad) instead of tfjs's Tile, dozen full-size
// element-wise ops and four Sums. The gradient is registered for FusedBatchNorm globally, so it
// checks that the active backend has our kernel and otherwise runs tfjs's own gradient.
import type { FusedBatchNormAttrs, KernelConfig, NamedTensorMap, Tensor, TensorInfo } from '@tensorflow/tfjs';
import type { NativeAddon } from '@genlab/backend-native';
import { tf } from '../../tf';
import { allFloat32, heapAndOffsets, NativeArgs, nativeKernel, sizeOf } from './native-call';
import { installNativeGradient } from './native-gradient';

export const FUSED_BATCH_NORM_GRAD = 'GenlabFusedBatchNormGrad';

interface BatchNormInputs {
  x: TensorInfo;
  mean: TensorInfo;
  variance: TensorInfo;
  offset?: TensorInfo;
  scale?: TensorInfo;
}

/**
 * Channels (x's last axis) when every statistic is one value per channel ([c] or [1, ..., 1, c]);
 * undefined for what the addon does not take (other dtypes, statistics broadcast on other axes).
 */
function perChannel(x: TensorInfo, ...stats: (TensorInfo | undefined)[]): number | undefined {
  const c = x.shape[x.shape.length - 1];
  if (c === undefined || c === 0 || sizeOf(x.shape) === 0 || !allFloat32(x, ...stats)) return undefined;
  const ok = stats.every((s) => !s || (sizeOf(s.shape) === c && s.shape[s.shape.length - 1] === c));
  return ok ? c : undefined;
}

function fusedBatchNorm(
  addon: NativeAddon,
  { inputs: { x, mean, variance, offset, scale }, backend, attrs }: NativeArgs<BatchNormInputs, FusedBatchNormAttrs>,
): TensorInfo | undefined {
  const cols = perChannel(x, mean, variance, offset, scale);
  if (cols === undefined) return undefined;
  const y = backend.makeOutput([...x.shape], 'float32');
  const [heap, xOff, meanOff, varOff, offsetOff, scaleOff, yOff] = heapAndOffsets(backend, x, mean, variance, offset, scale, y);
  addon.fusedBatchNorm(heap, sizeOf(x.shape) / cols, cols, xOff!, meanOff!, varOff!, offsetOff!, scaleOff!, attrs.varianceEpsilon, yOff!);
  return y;
}

/** Outputs dx (x's shape), then dmean, dvariance, dscale, doffset, each [c]. */
function fusedBatchNormGrad(
  addon: NativeAddon,
  { inputs: { dy, x, mean, variance, scale }, backend, attrs }: NativeArgs<{ dy: TensorInfo } & BatchNormInputs, FusedBatchNormAttrs>,
): TensorInfo[] {
  const cols = x.shape[x.shape.length - 1]!;
  const outs = [backend.makeOutput([...x.shape], 'float32'), ...[0, 1, 2, 3].map(() => backend.makeOutput([cols], 'float32'))];
  const [heap, dyOff, xOff, meanOff, varOff, scaleOff, ...outOffs] = heapAndOffsets(backend, dy, x, mean, variance, scale, ...outs);
  addon.fusedBatchNormGrad(
    heap,
    sizeOf(x.shape) / cols,
    cols,
    dyOff!,
    xOff!,
    meanOff!,
    varOff!,
    scaleOff!,
    attrs.varianceEpsilon,
    outOffs[0]!,
    outOffs[1]!,
    outOffs[2]!,
    outOffs[3]!,
    outOffs[4]!,
  );
  return outs;
}

export const nativeFusedBatchNormConfig = (addon: NativeAddon, stock?: KernelConfig): KernelConfig =>
  nativeKernel('FusedBatchNorm', addon, fusedBatchNorm, stock);
export const nativeFusedBatchNormGradConfig = (addon: NativeAddon): KernelConfig =>
  nativeKernel(FUSED_BATCH_NORM_GRAD, addon, fusedBatchNormGrad);

/** Routes FusedBatchNorm's gradient through GenlabFusedBatchNormGrad wherever that kernel is registered. */
export function installFusedBatchNormGradient(): void {
  installNativeGradient('FusedBatchNorm', FUSED_BATCH_NORM_GRAD, (dy, saved, attrs) => {
    const [x, mean, variance, scale] = saved as [Tensor, Tensor, Tensor, Tensor | undefined];
    if (perChannel(x, mean, variance, scale) === undefined) return undefined;
    // All five at once, in one pass: what is not asked for is freed with the backward pass's scope.
    const inputs: NamedTensorMap = scale ? { dy, x, mean, variance, scale } : { dy, x, mean, variance };
    const [dx, dmean, dvariance, dscale, doffset] = tf.engine().runKernel(FUSED_BATCH_NORM_GRAD, inputs, attrs) as Tensor[];
    // Shapes as tfjs's gradient gives them: the statistics' gradients in mean's shape.
    return {
      x: () => dx!,
      mean: () => dmean!.reshape(mean.shape),
      variance: () => dvariance!.reshape(mean.shape),
      scale: () => dscale!.reshape(mean.shape),
      offset: () => doffset!.reshape(mean.shape),
    };
  });
}
