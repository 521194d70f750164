// Test support: runs the same computation on the wasm backend (with our kernels) and on the
// pure-JS cpu backend, and reports how far apart the results are.
import { tf } from '../src/tf';

export interface Diff {
  maxAbsDiff: number;
  /** maxAbsDiff / max(1, max |reference|) */
  relDiff: number;
}

/** `f` builds its tensors from the given arrays, so both backends see identical inputs. */
export function compareWasmToCpu(f: () => tf.Tensor[]): Diff[] {
  const onWasm = runOn('wasm', f);
  const onCpu = runOn('cpu', f);
  return onWasm.map((w, i) => diff(w, onCpu[i]!));
}

function runOn(backend: string, f: () => tf.Tensor[]): Float32Array[] {
  void tf.setBackend(backend); // registered and initialised already: it switches synchronously
  const outs = tf.tidy(f);
  const data = outs.map((t) => t.dataSync() as Float32Array);
  tf.dispose(outs);
  return data;
}

function diff(a: Float32Array, ref: Float32Array): Diff {
  if (a.length !== ref.length) throw new Error(`length ${a.length} != ${ref.length}`);
  let maxAbsDiff = 0;
  let maxRef = 0;
  for (let i = 0; i < a.length; i++) {
    maxAbsDiff = Math.max(maxAbsDiff, Math.abs(a[i]! - ref[i]!));
    maxRef = Math.max(maxRef, Math.abs(ref[i]!));
  }
  if (!Number.isFinite(maxAbsDiff) || Number.isNaN(maxAbsDiff)) maxAbsDiff = Infinity;
  return { maxAbsDiff, relDiff: maxAbsDiff / Math.max(1, maxRef) };
}

/** Deterministic values in [-1, 1), so failures reproduce. */
export function seeded(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}
