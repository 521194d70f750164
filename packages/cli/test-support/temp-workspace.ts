import { cpSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '..', '..', '..');

/**
 * A throwaway genlab workspace: the repository's config and packages (copied, so Nx hashes
 * real files), node_modules linked, and only the spec files a test writes.
 */
export function makeTempWorkspace(specs: Record<string, string | Uint8Array>, opts: { packages?: boolean } = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'genlab-ws-'));
  for (const f of ['nx.json', 'package.json', 'package-lock.json', 'tsconfig.base.json']) cpSync(join(REPO_ROOT, f), join(root, f));
  if (opts.packages !== false) {
    cpSync(join(REPO_ROOT, 'packages'), join(root, 'packages'), {
      recursive: true,
      filter: (src) => !src.includes('node_modules') && !src.includes(`${'/'}.tmp`),
    });
  }
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
  mkdirSync(join(root, 'experiments'), { recursive: true });
  writeSpecs(root, specs);
  return root;
}

/** Writes `experiments/<folder>/<file>.yaml` entries, e.g. {'a/experiment.yaml': '...'}. */
export function writeSpecs(root: string, specs: Record<string, string | Uint8Array>): void {
  for (const [rel, text] of Object.entries(specs)) {
    const file = join(root, 'experiments', rel);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
}

// The tiny experiments and evaluator the CLI tests write into a workspace (one copy for every package's tests).
export { TINY_EVALUATOR, TINY_GAN, TINY_VAE } from '@genlab/spec/test-support/tiny-specs';
