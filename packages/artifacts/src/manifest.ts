import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ArtifactError } from './artifact-error';
import type { FileChecksum } from './hash-file';
import type { SourceCommit } from './source-commit';
import { verifyFiles } from './verify-files';

export const MANIFEST_FILE = 'manifest.json';

export interface BackendProvenance {
  name: string;
  threads?: number;
  simd?: boolean;
  /** The custom kernels registered on the backend (ours: wasm and native). */
  kernels?: string[];
  reason?: string;
  /** native: the oneDNN library the addon runs on, e.g. `oneDNN 3.5.3 (OpenMP)`. */
  onednn?: string;
  /** native: packageCodeHash('backend-native'), the kernels' sources and build settings. */
  nativeCode?: string;
}

/** Written next to every stage's files; see docs/artifacts.md. */
export interface Manifest {
  stage: string;
  name: string;
  variant: string;
  fingerprint: string;
  formatVersion: number;
  slice: Record<string, unknown>;
  upstream: Record<string, { fingerprint: string; manifestSha256: string }>;
  packageVersion: string;
  backend: BackendProvenance | null;
  seed: number | null;
  wallTimeSec: number;
  created: string;
  /** The git commit of the code that ran the stage (absent in manifests written before it was recorded). */
  source?: SourceCommit | null;
  files: string[];
  /** Size and SHA-256 of every file in `files`, checked before any stage reads them. */
  checksums: Record<string, FileChecksum>;
  result: Record<string, unknown>;
}

export interface UpstreamArtifact {
  dir: string;
  manifest: Manifest;
  manifestSha256: string;
  /** contentSha256(manifest): equal for two builds of the same files, whenever and by whichever commit. */
  contentSha256: string;
}

/**
 * What an artifact holds, apart from when, by which commit and how fast it was written: its
 * identity, fingerprint, format and the size and SHA-256 of every file. A stage rerun only
 * because code changed, that writes the same bytes, has the same content hash but a new
 * manifest (created, source, codeHash): training resumes across such reruns (run-train-stage).
 */
export function contentSha256(m: Manifest): string {
  const files = Object.keys(m.checksums ?? {}).sort().map((f) => [f, m.checksums[f]!.size, m.checksums[f]!.sha256]);
  const identity = { stage: m.stage, name: m.name, variant: m.variant, fingerprint: m.fingerprint, formatVersion: m.formatVersion, files };
  return createHash('sha256').update(JSON.stringify(identity)).digest('hex');
}

/** What to run to rebuild an artifact, for error messages. */
export function rebuildHint(expect: { stage: string; name?: string; variant?: string }): string {
  if (!expect.name) return '';
  return ` (run: genlab stage ${expect.stage} ${expect.name}${expect.variant && expect.variant !== 'default' ? ` --variant ${expect.variant}` : ''})`;
}

/**
 * Reads and checks a stage's manifest and, unless `verify` is false, the size and SHA-256 of
 * every file it lists. A missing, corrupt or altered one is a clear ArtifactError naming the
 * file and what to run, never a crash deep in tfjs or a silently wrong result (docs/conventions.md).
 */
export function readManifest(dir: string, expect: { stage: string; name?: string; variant?: string }, opts: { verify?: boolean } = {}): UpstreamArtifact {
  const file = join(dir, MANIFEST_FILE);
  const hint = rebuildHint(expect);
  if (!existsSync(file)) throw new ArtifactError(dir, `no ${MANIFEST_FILE}: the ${expect.stage} stage has not run${hint}`);
  const text = readFileSync(file, 'utf8');
  let m: Manifest;
  try {
    m = JSON.parse(text) as Manifest;
  } catch (err) {
    throw new ArtifactError(dir, `corrupt ${MANIFEST_FILE} (${(err as Error).message}); delete the folder and rerun${hint}`);
  }
  const problems: string[] = [];
  if (m.stage !== expect.stage) problems.push(`stage is '${m.stage}', expected '${expect.stage}'`);
  if (expect.name && m.name !== expect.name) problems.push(`name is '${m.name}', expected '${expect.name}'`);
  if (expect.variant && m.variant !== expect.variant) problems.push(`variant is '${m.variant}', expected '${expect.variant}'`);
  if (typeof m.fingerprint !== 'string' || !Array.isArray(m.files)) problems.push('fingerprint or files missing');
  for (const f of Array.isArray(m.files) ? m.files : []) if (!existsSync(join(dir, f))) problems.push(`listed file ${f} is missing`);
  if (typeof m.checksums !== 'object' || m.checksums === null) problems.push('no checksums (written by an older genlab)');
  else if (Array.isArray(m.files) && m.files.some((f) => !(f in m.checksums))) problems.push('a listed file has no checksum');
  if (problems.length > 0) throw new ArtifactError(dir, `${MANIFEST_FILE} does not match: ${problems.join('; ')}${hint}`);
  if (opts.verify !== false) {
    const damaged = verifyFiles(dir, m.checksums);
    if (damaged.length > 0) {
      throw new ArtifactError(dir, `${damaged.map((d) => `${d.file} ${d.problem}`).join('; ')}: the artifact was altered after it was written; rebuild it${hint}`);
    }
  }
  return { dir, manifest: m, manifestSha256: createHash('sha256').update(text).digest('hex'), contentSha256: contentSha256(m) };
}
