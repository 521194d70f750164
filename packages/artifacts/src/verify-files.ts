import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { hashFile, type FileChecksum } from './hash-file';

/** One file of an artifact that does not match its manifest. */
export interface FileProblem {
  file: string;
  problem: string;
}

// A stage reads the same upstream file from several places (the runner, then the stage's own
// loaders): hash each once per process, keyed by what would change if it were rewritten.
const verified = new Map<string, string>();

/**
 * Checks every file a manifest lists against its recorded size and SHA-256. Returns the problems
 * (empty when the artifact is intact): a missing file, a different size, different bytes.
 */
export function verifyFiles(dir: string, checksums: Record<string, FileChecksum>): FileProblem[] {
  const problems: FileProblem[] = [];
  for (const [file, want] of Object.entries(checksums)) {
    const path = join(dir, file);
    if (!existsSync(path)) {
      problems.push({ file, problem: 'is missing' });
      continue;
    }
    const st = statSync(path);
    if (st.size !== want.size) {
      problems.push({ file, problem: `has ${st.size} bytes, the manifest says ${want.size}` });
      continue;
    }
    const key = `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`;
    if (verified.get(path) === key + want.sha256) continue;
    const got = hashFile(path);
    if (got.sha256 !== want.sha256) {
      problems.push({ file, problem: `is damaged: SHA-256 ${got.sha256.slice(0, 12)}..., the manifest says ${want.sha256.slice(0, 12)}...` });
      continue;
    }
    verified.set(path, key + want.sha256);
  }
  return problems;
}

/** Size and SHA-256 of each file (relative paths), for a new manifest. */
export function checksumFiles(dir: string, files: string[]): Record<string, FileChecksum> {
  return Object.fromEntries(files.map((f) => [f, hashFile(join(dir, f))]));
}
