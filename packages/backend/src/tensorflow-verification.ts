// The TensorFlow bindings (tfjs-node-gpu, tfjs-node) are installed only by `genlab setup gpu` /
// `genlab setup tensorflow`, which trains on them and compares with native before it records
// them here as verified. `auto` takes a binding only when this record matches the installed
// version and the machine's GPU driver: nothing here has run them otherwise, so a binding that
// merely loads is never picked silently.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export type TensorflowBinding = 'tensorflow-gpu' | 'tensorflow';

/** The npm package behind each binding, and the `genlab setup` target that installs it. */
export const TENSORFLOW_PACKAGES: Record<TensorflowBinding, { pkg: string; setup: string }> = {
  'tensorflow-gpu': { pkg: '@tensorflow/tfjs-node-gpu', setup: 'gpu' },
  tensorflow: { pkg: '@tensorflow/tfjs-node', setup: 'tensorflow' },
};

const BACKEND_DIR = join(__dirname, '..');
/** node_modules/.cache/genlab/tensorflow-verified.json: gone with the bindings after `npm ci`. */
export const VERIFIED_FILE = join(BACKEND_DIR, '..', '..', 'node_modules', '.cache', 'genlab', 'tensorflow-verified.json');

/** The version we support: @genlab/backend's optional peer dependency on it (one pin, package.json). */
export function pinnedVersion(binding: TensorflowBinding): string {
  const pkg = JSON.parse(readFileSync(join(BACKEND_DIR, 'package.json'), 'utf8')) as { peerDependencies: Record<string, string> };
  const version = pkg.peerDependencies[TENSORFLOW_PACKAGES[binding].pkg];
  if (!version) throw new Error(`packages/backend/package.json: no peerDependencies entry for ${TENSORFLOW_PACKAGES[binding].pkg}`);
  return version;
}

/** The installed version, or undefined when npm has not installed it. */
export function installedVersion(
  binding: TensorflowBinding,
  resolve: (id: string) => string = (id) => require.resolve(id, { paths: [BACKEND_DIR] }),
): string | undefined {
  try {
    const file = resolve(`${TENSORFLOW_PACKAGES[binding].pkg}/package.json`);
    return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return undefined;
  }
}

/** The NVIDIA driver version nvidia-smi reports, or undefined when there is no GPU to see. */
export function gpuDriver(nvidiaSmi = 'nvidia-smi'): { driver?: string; gpus: string[]; why?: string } {
  const r = spawnSync(nvidiaSmi, ['--query-gpu=name,driver_version', '--format=csv,noheader'], { encoding: 'utf8', timeout: 30_000 });
  if (r.error)
    return {
      gpus: [],
      why: `${nvidiaSmi} not found (${(r.error as NodeJS.ErrnoException).code ?? r.error.message}): no NVIDIA driver on this machine`,
    };
  if (r.status !== 0) return { gpus: [], why: `${nvidiaSmi} failed (exit ${r.status}): ${(r.stderr || r.stdout).trim().split('\n')[0]}` };
  const rows = r.stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split(',').map((s) => s.trim()));
  if (rows.length === 0) return { gpus: [], why: `${nvidiaSmi} lists no GPU` };
  return { driver: rows[0]![1], gpus: rows.map((row) => row[0]!) };
}

/** What `genlab setup` found, under the key of the binding's version and the driver. */
export interface Verification {
  binding: string;
  driver: string;
  /** Largest relative loss difference from the reference over the verification steps. */
  maxRelativeDifference: number;
  reference: string;
  verifiedAt: string;
}

export function verificationKey(binding: TensorflowBinding, version: string, driver: string | undefined): string {
  return `${TENSORFLOW_PACKAGES[binding].pkg}@${version} driver ${driver ?? 'none'}`;
}

function readAll(file: string): Record<string, Verification> {
  if (!existsSync(file)) return {};
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, Verification>;
  } catch {
    return {}; // a damaged record verifies nothing; setup writes a fresh one
  }
}

export function recordVerification(key: string, v: Verification, file = VERIFIED_FILE): void {
  const all = { ...readAll(file), [key]: v };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, JSON.stringify(all, null, 2) + '\n');
  renameSync(`${file}.tmp`, file);
}

export interface VerificationCheck {
  ok: boolean;
  /** Why auto skips the binding, or what verified it. */
  reason: string;
}

export interface CheckOptions {
  file?: string;
  version?: string | undefined;
  driver?: () => string | undefined;
}

/** Whether `auto` may take this binding: installed, and verified here for this version and driver. */
export function checkVerified(binding: TensorflowBinding, o: CheckOptions = {}): VerificationCheck {
  const { pkg, setup } = TENSORFLOW_PACKAGES[binding];
  const short = pkg.replace('@tensorflow/', '');
  const version = 'version' in o ? o.version : installedVersion(binding);
  if (!version) return { ok: false, reason: `${short} not installed (\`genlab setup ${setup}\` installs and verifies it)` };
  // The driver only matters for the GPU binding; asking nvidia-smi costs a process, so only then.
  const driver = binding === 'tensorflow-gpu' ? (o.driver ?? (() => gpuDriver().driver))() : undefined;
  const key = verificationKey(binding, version, driver);
  const found = readAll(o.file ?? VERIFIED_FILE)[key];
  if (!found)
    return {
      ok: false,
      reason: `${short} ${version} installed but not verified on this machine (${binding === 'tensorflow-gpu' ? `driver ${driver ?? 'none'}` : 'CPU'}): run \`genlab setup ${setup}\``,
    };
  return {
    ok: true,
    reason: `${short} ${version} verified ${found.verifiedAt} (max relative loss difference ${found.maxRelativeDifference.toExponential(2)} from ${found.reference})`,
  };
}
