import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ArtifactError, MANIFEST_FILE, readManifest } from '@genlab/artifacts';
import { ARTIFACTS_DIR } from '@genlab/spec';
import { UsageError } from '../exit-codes';

export const VERIFY_HELP = `genlab verify [name]

Checks every artifact under artifacts/ (or only those of experiment, evaluator or report <name>)
against its manifest: each listed file must be there with the size and SHA-256 recorded when
the stage wrote it. Prints each damaged file and the command that rebuilds it; exits 1 if any.`;

/** Every stage folder (artifacts/<name>/<variant>/<stage>) that holds a manifest. */
function stageFolders(root: string, name?: string): string[] {
  const base = join(root, ARTIFACTS_DIR);
  const list = (dir: string) => (existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => join(dir, e.name)) : []);
  const names = name ? [join(base, name)].filter(existsSync) : list(base);
  return names.flatMap(list).flatMap(list).filter((d) => existsSync(join(d, MANIFEST_FILE))).sort();
}

export function verifyCommand(root: string, name: string | undefined, out: (s: string) => void, err: (s: string) => void): number {
  if (name !== undefined && (name.includes('/') || name.includes('..'))) throw new UsageError(`verify expects the name of an experiment, evaluator or report, got '${name}'`);
  const folders = stageFolders(root, name);
  if (folders.length === 0) {
    out(`no artifacts${name ? ` of '${name}'` : ''} under ${ARTIFACTS_DIR}/\n`);
    return 0;
  }
  let damaged = 0;
  for (const dir of folders) {
    const [n, variant, stage] = relative(join(root, ARTIFACTS_DIR), dir).split('/');
    try {
      const { manifest } = readManifest(dir, { stage, name: n, variant });
      out(`ok       ${relative(root, dir)} (${manifest.files.length} files)\n`);
    } catch (e) {
      if (!(e instanceof ArtifactError)) throw e;
      damaged += 1;
      err(`DAMAGED  ${e.message.replace(root + '/', '')}\n`);
    }
  }
  out(`${folders.length} artifacts checked, ${damaged} damaged\n`);
  return damaged > 0 ? 1 : 0;
}
