/** What a caller may ask for; `auto` picks the fastest backend that loads. */
export type BackendChoice = 'auto' | 'tensorflow' | 'wasm' | 'cpu';

/** The backend actually running, recorded in artifact provenance. */
export type BackendName = 'tensorflow' | 'tensorflow-gpu' | 'wasm' | 'cpu';

export type BackendLog = (msg: string, fields?: object) => void;

export interface InitBackendOptions {
  /** wasm threads; default min(cores, 2) (threaded-SIMD build under Node, see wasm/threaded-wasm-module.ts). */
  threads?: number;
  log?: BackendLog;
}

export interface BackendInfo {
  name: BackendName;
  /** The choice after the GENLAB_BACKEND override. */
  requested: string;
  threads: number;
  simd: boolean;
  /** Why this backend: each skipped candidate with the error that skipped it. */
  reason: string;
  /** Custom kernels we registered on this backend. */
  kernels: string[];
}

export const BACKEND_CHOICES: readonly BackendChoice[] = ['auto', 'tensorflow', 'wasm', 'cpu'];
