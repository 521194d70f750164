import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { readManifestRef, type ManifestRef } from './stage-manifest';

// What Nx would restore. Each entry of Nx's local cache (<cacheDirectory>/<hash>/) holds the
// outputs of one task, so a cached stage shows up as <hash>/artifacts/<name>/<variant>/<stage>/
// manifest.json. A remote cache is not consulted: a stage only it holds is planned as a run.

export function nxCacheDirectory(root: string): string {
  if (process.env.NX_CACHE_DIRECTORY) return process.env.NX_CACHE_DIRECTORY;
  let dir = join('.nx', 'cache');
  try {
    dir = (JSON.parse(readFileSync(join(root, 'nx.json'), 'utf8')) as { cacheDirectory?: string }).cacheDirectory ?? dir;
  } catch {
    // No or unreadable nx.json: Nx's default.
  }
  return isAbsolute(dir) ? dir : join(root, dir);
}

const list = (dir: string) => {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
  } catch {
    return [];
  }
};

export class NxCacheIndex {
  private readonly byStage = new Map<string, string[]>();

  constructor(readonly cacheDir: string) {
    if (!existsSync(cacheDir)) return;
    for (const hash of list(cacheDir)) {
      const artifacts = join(cacheDir, hash, 'artifacts');
      for (const name of list(artifacts)) {
        for (const variant of list(join(artifacts, name))) {
          for (const stage of list(join(artifacts, name, variant))) {
            const key = `${name}/${variant}/${stage}`;
            this.byStage.set(key, [...(this.byStage.get(key) ?? []), join(artifacts, name, variant, stage)]);
          }
        }
      }
    }
  }

  /** Cached manifests of one stage of one experiment variant, newest first. */
  manifests(name: string, variant: string, stage: string): ManifestRef[] {
    return (this.byStage.get(`${name}/${variant}/${stage}`) ?? [])
      .map(readManifestRef)
      .filter((m): m is ManifestRef => m !== null)
      .sort((a, b) => b.manifest.created.localeCompare(a.manifest.created));
  }
}
