import { spawnSync } from 'node:child_process';
import {
  EXPERIMENT_STAGES,
  SpecError,
  artifactDir,
  experimentSlice,
  fingerprint,
  formatIssue,
  loadSpecFile,
  type LoadedExperiment,
} from '@genlab/spec';
import { UnknownRunError, comparedRunFromEvaluate, isRunName, isVariantName, type ComparedRun } from '@genlab/ui';
import { NxCacheIndex, nxCacheDirectory } from '../plan/nx-cache-index';
import { readManifestRef } from '../plan/stage-manifest';

/**
 * `genlab compare <ref> --rev <git revision>`: the runs `refs` name as the experiment's spec at
 * that revision defines them (experiments/<name>/experiment.yaml read with git show), each from
 * an evaluate artifact built from exactly that spec: its fingerprint and those of the data,
 * model, train and sample artifacts it was made from must be the revision's. Looked for in
 * artifacts/ and in Nx's local cache (every entry Nx kept); a remote cache is not consulted.
 * Keys read `<name>/<variant>@<rev>`.
 */
export function runsAtRevision(root: string, refs: string[], rev: string): ComparedRun[] {
  if (!/^[A-Za-z0-9][A-Za-z0-9._\/~^-]*$/.test(rev))
    throw new UnknownRunError(`--rev expects a git revision (a branch, tag or commit), found '${rev}'`);
  const index = new NxCacheIndex(nxCacheDirectory(root));
  return refs.flatMap((ref) => {
    const [name, variant, extra] = ref.split('/');
    if (extra !== undefined || !isRunName(name ?? '') || (variant !== undefined && !isVariantName(variant)))
      throw new UnknownRunError(`'${ref}' is not <experiment> or <experiment>/<variant>`);
    const spec = specAt(root, name, rev);
    const variants = variant === undefined ? spec.variants : spec.variants.filter((v) => v.name === variant);
    if (variants.length === 0)
      throw new UnknownRunError(`${name} has no variant '${variant}' at ${rev} (variants: ${spec.variants.map((v) => v.name).join(', ')})`);
    return variants.map((v) => {
      const fps = Object.fromEntries(EXPERIMENT_STAGES.map((s) => [s, fingerprint(s, experimentSlice(v.spec, s))]));
      const candidates = [readManifestRef(artifactDir(root, name, v.name, 'evaluate')), ...index.manifests(name, v.name, 'evaluate')];
      const hit = candidates.find(
        (c) =>
          c !== null &&
          c.manifest.fingerprint === fps.evaluate &&
          (['data', 'model', 'train', 'sample'] as const).every((s) => c.manifest.upstream[s]?.fingerprint === fps[s]),
      );
      if (!hit) {
        throw new UnknownRunError(
          `no evaluate artifact of ${name}/${v.name} as ${rev} defines it, in artifacts/ or the local Nx cache (build it: git checkout ${rev} && genlab run ${name})`,
        );
      }
      return comparedRunFromEvaluate(`${name}/${v.name}@${rev}`, name, v.name, hit.dir);
    });
  });
}

function specAt(root: string, name: string, rev: string): LoadedExperiment {
  const path = `experiments/${name}/experiment.yaml`;
  const git = spawnSync('git', ['show', `${rev}:./${path}`], { cwd: root, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (git.error || git.status !== 0)
    throw new UnknownRunError(`${path} at ${rev}: ${(git.stderr || String(git.error)).trim().split('\n')[0]}`);
  try {
    return loadSpecFile(path, git.stdout) as LoadedExperiment;
  } catch (err) {
    if (err instanceof SpecError) throw new UnknownRunError(`${path} at ${rev} does not load:\n${err.issues.map(formatIssue).join('\n')}`);
    throw err;
  }
}
