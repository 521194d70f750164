// Gradients are global in tfjs (one per op, whatever the backend), while our gradient kernels
// exist only on the native backend. So a native gradient is registered over tfjs's own and picks
// per call: ours where the active backend has its kernel and takes the inputs, tfjs's elsewhere.
import type { GradConfig, NamedAttrMap, Tensor } from '@tensorflow/tfjs';
import { tf } from '../../tf';

/** Per input of the op, a function computing its gradient (tfjs calls only those it needs). */
export type GradientMap = Record<string, () => Tensor>;
/** The native gradient, or undefined to let tfjs's own gradient handle these inputs. */
export type NativeGradient = (dy: Tensor, saved: Tensor[], attrs: NamedAttrMap) => GradientMap | undefined;

const installed = new Set<string>();

/** Registers, once per op, `native` as the gradient of `opName` while `kernelName` is on the active backend. */
export function installNativeGradient(opName: string, kernelName: string, native: NativeGradient): void {
  if (installed.has(opName)) return;
  const stock = tf.getGradient(opName);
  if (!stock) return;
  const gradFunc = (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
    const grads =
      tf.getKernel(kernelName, tf.getBackend()) && (dy as Tensor).dtype === 'float32' ? native(dy as Tensor, saved, attrs) : undefined;
    return grads ?? stock.gradFunc(dy, saved, attrs);
  };
  tf.registerGradient({ ...stock, gradFunc } as GradConfig);
  installed.add(opName);
}
