/** What a caller may ask for; `auto` picks the fastest backend that loads. */
export type BackendChoice = 'auto' | 'tensorflow' | 'native' | 'wasm' | 'cpu';

/**
 * The backend actually running, recorded in artifact provenance. 'native' is tfjs's wasm backend
 * with its heavy kernels in the oneDNN addon of @genlab/backend-native.
 */
export type BackendName = 'tensorflow' | 'tensorflow-gpu' | 'native' | 'wasm' | 'cpu';

export type BackendLog = (msg: string, fields?: object) => void;

export interface InitBackendOptions {
  /**
   * Threads for wasm and for the native kernels (OpenMP) alike; default GENLAB_THREADS, else the
   * core count (see defaultThreads).
   */
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
  /** native: the oneDNN version the addon runs on (its own report, e.g. `oneDNN 3.5.3 (OpenMP)`); else null. */
  onednn: string | null;
}

export const BACKEND_CHOICES: readonly BackendChoice[] = ['auto', 'tensorflow', 'native', 'wasm', 'cpu'];
