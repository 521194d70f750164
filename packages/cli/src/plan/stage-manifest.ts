import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MANIFEST_FILE, type Manifest } from '@genlab/artifacts';

/** A stage's manifest and the SHA-256 of its text (what downstream manifests record). */
export interface ManifestRef {
  dir: string;
  manifest: Manifest;
  sha256: string;
}

/**
 * The manifest of a stage folder, or null when there is none or it is unreadable. Planning
 * only reads manifests; it does not check the folder's files (the stage does that when it runs).
 */
export function readManifestRef(dir: string): ManifestRef | null {
  let text: string;
  try {
    text = readFileSync(join(dir, MANIFEST_FILE), 'utf8');
  } catch {
    return null;
  }
  try {
    const manifest = JSON.parse(text) as Manifest;
    if (typeof manifest.fingerprint !== 'string' || typeof manifest.slice !== 'object') return null;
    return { dir, manifest, sha256: createHash('sha256').update(text).digest('hex') };
  } catch {
    return null;
  }
}
