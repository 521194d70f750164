import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ArtifactError, MANIFEST_FILE, readManifest } from '@genlab/artifacts';
import { ARTIFACTS_DIR } from '@genlab/spec';
import { UsageError } from '../exit-codes';
import { NxCacheIndex, nxCacheDirectory } from '../plan/nx-cache-index';
import { readManifestRef } from '../plan/stage-manifest';
import { defineCommand, positionalsOf } from '../command-declaration';

export const VERIFY_DECLARATION = defineCommand({
  name: 'verify',
  usage: ['verify [name]'],
  summary: "check every artifact's files against the SHA-256 in its manifest",
  description: `Checks every artifact under artifacts/ (or only those of experiment, evaluator or report <name>)
against its manifest: each listed file must be there with the size and SHA-256 recorded when
the stage wrote it. Prints each damaged file and what repairs it: genlab run <name>, which
restores the artifact from the Nx cache when the cache holds it (no recomputation), else
genlab stage, which recomputes it. Exits 1 if any is damaged.`,
  flags: {},
  run: (c) => {
    const [name] = positionalsOf(c, 0, 1);
    return verifyCommand(c.root(), name, c.out, c.err);
  },
});

/** Every stage folder (artifacts/<name>/<variant>/<stage>) that holds a manifest. */
function stageFolders(root: string, name?: string): string[] {
  const base = join(root, ARTIFACTS_DIR);
  const list = (dir: string) =>
    existsSync(dir)
      ? readdirSync(dir, { withFileTypes: true })
          .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
          .map((e) => join(dir, e.name))
      : [];
  const names = name ? [join(base, name)].filter(existsSync) : list(base);
  return names
    .flatMap(list)
    .flatMap(list)
    .filter((d) => existsSync(join(d, MANIFEST_FILE)))
    .sort();
}

export function verifyCommand(root: string, name: string | undefined, out: (s: string) => void, err: (s: string) => void): number {
  if (name !== undefined && (name.includes('/') || name.includes('..')))
    throw new UsageError(`verify expects the name of an experiment, evaluator or report, got '${name}'`);
  const folders = stageFolders(root, name);
  if (folders.length === 0) {
    out(`no artifacts${name ? ` of '${name}'` : ''} under ${ARTIFACTS_DIR}/\n`);
    return 0;
  }
  let damaged = 0;
  const cache = new NxCacheIndex(nxCacheDirectory(root));
  for (const dir of folders) {
    const [n, variant, stage] = relative(join(root, ARTIFACTS_DIR), dir).split('/');
    try {
      const { manifest } = readManifest(dir, { stage, name: n, variant });
      out(`ok       ${relative(root, dir)} (${manifest.files.length} files)\n`);
    } catch (e) {
      if (!(e instanceof ArtifactError)) throw e;
      damaged += 1;
      err(
        `DAMAGED  ${e.message.replace(root + '/', '').replace(/(; rebuild it)? \(run: genlab stage [^)]*\)/, '')}\n         ${repairHint(dir, { name: n, variant, stage }, cache)}\n`,
      );
    }
  }
  out(`${folders.length} artifacts checked, ${damaged} damaged\n`);
  return damaged > 0 ? 1 : 0;
}

/**
 * What repairs a damaged artifact: a restore from the Nx cache (`genlab run`, which puts back the
 * cached outputs) when the cache holds this very artifact, a recomputation otherwise.
 */
function repairHint(dir: string, a: { name: string; variant: string; stage: string }, cache: NxCacheIndex): string {
  const onDisk = readManifestRef(dir);
  const cached = onDisk !== null && cache.manifests(a.name, a.variant, a.stage).some((m) => m.sha256 === onDisk.sha256);
  const variant = a.variant === 'default' ? '' : ` --variant ${a.variant}`;
  if (cached) {
    const until = ['data', 'model', 'train', 'sample', 'evaluate'].includes(a.stage) ? ` --until ${a.stage}` : '';
    return `restore it from the Nx cache: genlab run ${a.name}${until}${variant}`;
  }
  return `not in the Nx cache; recompute it: genlab stage ${a.stage} ${a.name}${variant}`;
}
