import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// Wall-clock fields (manifest times, per-epoch seconds and images/s) and the SHA-256 of upstream
// manifests (which hold those times): the only things two runs of the same stages differ in.
const RUN_KEY = /^(created|wallTimeSec|trainSeconds|seconds|imagesPerSec|time|manifestSha256|resumedFrom)$/;

function withoutRunFields(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutRunFields);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v)
        .filter(([k]) => !RUN_KEY.test(k))
        .map(([k, x]) => [k, withoutRunFields(x)]),
    );
  return v;
}

/**
 * A stage folder's content as two runs of it must agree on it: each file's SHA-256 as its
 * manifest records it (weights, images, arrays: byte for byte), JSON and JSON lines without run
 * fields, and the manifest without them.
 */
export function stageContent(dir: string): { files: Record<string, unknown>; manifest: unknown } {
  const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  const files: Record<string, unknown> = {};
  for (const f of m.files as string[]) {
    const text = () => readFileSync(join(dir, f), 'utf8');
    files[f] = f.endsWith('.jsonl')
      ? text()
          .trim()
          .split('\n')
          .map((l) => withoutRunFields(JSON.parse(l)))
      : f.endsWith('.json')
        ? withoutRunFields(JSON.parse(text()))
        : m.checksums[f];
  }
  const { checksums: _, ...rest } = m;
  return { files, manifest: withoutRunFields(rest) };
}

/** stageContent of every stage folder under artifacts/, by `<name>/<variant>/<stage>`. */
export function stageContents(root: string): Record<string, unknown> {
  const base = join(root, 'artifacts');
  const found: Record<string, unknown> = {};
  if (!existsSync(base)) return found;
  for (const name of readdirSync(base).filter((d) => !d.startsWith('.'))) {
    for (const variant of readdirSync(join(base, name))) {
      for (const stage of readdirSync(join(base, name, variant)).filter((d) => !d.startsWith('.'))) {
        const dir = join(base, name, variant, stage);
        if (existsSync(join(dir, 'manifest.json'))) found[`${name}/${variant}/${stage}`] = stageContent(dir);
      }
    }
  }
  return found;
}
