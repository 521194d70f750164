import { createHash } from 'node:crypto';
import { NONE } from './format-values';

/** What a manifest's `backend` records of the kernels that ran (BackendProvenance, read defensively: old manifests lack fields). */
interface RecordedBackend {
  name?: unknown;
  kernels?: unknown;
  reason?: unknown;
  onednn?: unknown;
  nativeCode?: unknown;
}

/** A kernel list's short id: the first 8 hex digits of the SHA-256 of its sorted names. */
export function kernelSetId(kernels: readonly string[]): string {
  return createHash('sha256')
    .update([...kernels].sort().join(','))
    .digest('hex')
    .slice(0, 8);
}

/** The custom kernels a manifest's backend lists, or [] (none recorded). */
export function recordedKernels(b: unknown): string[] {
  const k = typeof b === 'object' && b !== null ? (b as RecordedBackend).kernels : undefined;
  return Array.isArray(k) ? k.filter((x): x is string => typeof x === 'string') : [];
}

/**
 * Which kernels produced a stage, in a line: on native the oneDNN version (recorded, or read
 * from the backend's reason in manifests written before it was), the hash of the native
 * kernels' code, and the kernel set's id and size; `—` when the stage ran none (data, report).
 */
export function fmtKernels(b: unknown): string {
  if (typeof b !== 'object' || b === null) return NONE;
  const r = b as RecordedBackend;
  const parts: string[] = [];
  if (r.name === 'native') {
    const reason = typeof r.reason === 'string' ? /oneDNN \d+\.\d+\.\d+(?: \(OpenMP\))?/.exec(r.reason)?.[0] : undefined;
    parts.push(typeof r.onednn === 'string' ? r.onednn : (reason ?? 'oneDNN version not recorded'));
    parts.push(typeof r.nativeCode === 'string' ? `native code ${r.nativeCode}` : 'native code not recorded');
  }
  const kernels = recordedKernels(b);
  parts.push(kernels.length > 0 ? `kernel set ${kernelSetId(kernels)} (${kernels.length})` : 'no custom kernels');
  return parts.join(', ');
}
