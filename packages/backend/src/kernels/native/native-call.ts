// What every native kernel shares: the addon, offsets of tensors in the wasm heap, and falling
// back to the kernel it replaces for inputs the addon does not take (other dtypes, NCHW, ...).
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import type { NativeAddon } from '@genlab/backend-native';
import { f32Offset, heapF32 } from '../wasm/wasm-tensors';

export interface NativeArgs<I, A = NamedAttrMap> {
  inputs: I;
  backend: BackendWasm;
  attrs: A;
}

/** A kernel body: the output, or undefined to hand these inputs to the fallback kernel. */
export type NativeBody<I, A> = (addon: NativeAddon, args: NativeArgs<I, A>) => TensorInfo | TensorInfo[] | undefined;

/**
 * A kernel config for `kernelName` on tfjs's wasm backend running `body`; `fallback` is the
 * kernel it replaces (ours for wasm, or stock), used when `body` declines.
 */
export function nativeKernel<I, A>(kernelName: string, addon: NativeAddon, body: NativeBody<I, A>, fallback?: KernelConfig): KernelConfig {
  const fallbackFunc = fallback?.kernelFunc as unknown as ((args: NativeArgs<I, A>) => TensorInfo | TensorInfo[]) | undefined;
  const kernelFunc = (args: NativeArgs<I, A>): TensorInfo | TensorInfo[] => {
    const out = body(addon, args);
    if (out !== undefined) return out;
    if (!fallbackFunc) throw new Error(`${kernelName}: the native kernel declined these inputs and there is no fallback`);
    return fallbackFunc(args);
  };
  return { kernelName, backendName: 'wasm', kernelFunc: kernelFunc as unknown as KernelFunc, setupFunc: fallback?.setupFunc };
}

/**
 * Element offsets of `tensors` in the heap, and the heap view to pass with them. Call after the
 * last allocation of the kernel: growing the heap replaces the view.
 */
export function heapAndOffsets(be: BackendWasm, ...tensors: (TensorInfo | undefined)[]): [Float32Array, ...number[]] {
  return [heapF32(be), ...tensors.map((t) => (t ? f32Offset(be, t) : -1))];
}

export const allFloat32 = (...ts: (TensorInfo | undefined)[]): boolean => ts.every((t) => !t || t.dtype === 'float32');
export const sizeOf = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);
