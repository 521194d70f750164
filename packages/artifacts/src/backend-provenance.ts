import { packageCodeHash } from '@genlab/spec';
import type { BackendProvenance } from './manifest';

/** What a stage knows of the backend it ran on (BackendInfo of @genlab/backend, which this package does not import). */
export interface RunningBackend {
  name: string;
  threads: number;
  simd: boolean;
  kernels: string[];
  reason: string;
  /** The addon's oneDNN version, when the native kernels run. */
  onednn: string | null;
}

/**
 * The manifest's `backend`: the backend, its threads and custom kernels, and on native the
 * oneDNN version and the hash of the kernels' code, so a report can say what produced a stage.
 */
export function backendProvenance(info: RunningBackend): BackendProvenance {
  const native = info.name === 'native' ? { ...(info.onednn ? { onednn: info.onednn } : {}), nativeCode: packageCodeHash('backend-native') } : {};
  return { name: info.name, threads: info.threads, simd: info.simd, kernels: info.kernels, reason: info.reason, ...native };
}
