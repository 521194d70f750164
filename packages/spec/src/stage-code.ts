import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { PIPELINE, type Stage } from './pipeline';

/** The folder of an installed @genlab package: the code this process actually runs. */
const installedPackageDir = (pkg: string): string => dirname(require.resolve(`@genlab/${pkg}/package.json`));

/** The `@genlab/*` packages a package.json depends on, by folder name. */
function genlabDependencies(dir: string): string[] {
  const json = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  return Object.keys(json.dependencies ?? {})
    .filter((d) => d.startsWith('@genlab/'))
    .map((d) => d.slice('@genlab/'.length));
}

const packagesMemo = new Map<Stage, string[]>();

/**
 * The packages whose production code a stage runs: the stage's package (PIPELINE) and,
 * transitively, the `@genlab/*` packages it depends on in its package.json; sorted. Their files
 * are Nx inputs of the stage and hashed into its manifests, so editing train code reruns train
 * and after, and editing report code reruns only reports. `packageDir` finds a package's folder
 * (tests read a copied tree).
 */
export function stagePackages(stage: Stage, packageDir: (pkg: string) => string = installedPackageDir): string[] {
  const memoised = packageDir === installedPackageDir;
  const hit = memoised ? packagesMemo.get(stage) : undefined;
  if (hit) return hit;
  const seen = new Set<string>();
  const visit = (pkg: string) => {
    if (seen.has(pkg)) return;
    seen.add(pkg);
    for (const d of genlabDependencies(packageDir(pkg))) visit(d);
  };
  visit(PIPELINE[stage].package);
  const packages = [...seen].sort();
  if (memoised) packagesMemo.set(stage, packages);
  return packages;
}

/**
 * The code of a package, relative to its folder: `src/` for TypeScript packages; the native addon
 * also runs its C++ (`csrc/`), built with the flags of `binding.gyp` by `scripts/install.cjs`, so
 * a kernel fix or a changed compiler flag reruns every stage that runs kernels.
 */
export const PACKAGE_CODE: Record<string, { dirs: string[]; files: string[] }> = {
  'backend-native': { dirs: ['src', 'csrc', 'scripts'], files: ['binding.gyp'] },
};
const TS_PACKAGE = { dirs: ['src'], files: [] };

export function packageCode(pkg: string): { dirs: string[]; files: string[] } {
  return PACKAGE_CODE[pkg] ?? TS_PACKAGE;
}

/** The tfjs packages every stage but report runs on; their versions are part of the code. */
export const TFJS_PACKAGES = ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm'];

function srcFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? srcFiles(join(dir, e.name)) : e.name.endsWith('.test.ts') ? [] : [join(dir, e.name)]))
    .sort();
}

const memo = new Map<Stage, string>();

/**
 * Hash of the code a stage runs: the production sources of its packages, the addon's C++ and
 * build settings included (what Nx hashes as the stage's code inputs), and the installed tfjs
 * versions. Recorded in manifests, so a rerun can say "code changed" and a longer training run
 * continues only what the same code trained.
 */
export function stageCodeHash(stage: Stage): string {
  const hit = memo.get(stage);
  if (hit) return hit;
  const hash = codeHashIn(stage, installedPackageDir);
  memo.set(stage, hash);
  return hash;
}

/** stageCodeHash over the packages found by `packageDir` (tests hash a copied tree). */
export function codeHashIn(stage: Stage, packageDir: (pkg: string) => string): string {
  const h = createHash('sha256');
  for (const p of stagePackages(stage, packageDir)) {
    const dir = packageDir(p);
    const { dirs, files } = packageCode(p);
    const all = [...dirs.flatMap((d) => srcFiles(join(dir, d))), ...files.map((f) => join(dir, f)).filter((f) => existsSync(f))];
    for (const f of all)
      h.update(`${p}/${relative(dir, f)}\n`)
        .update(readFileSync(f))
        .update('\n');
  }
  if (stage !== 'report') {
    for (const t of TFJS_PACKAGES) {
      const version = (JSON.parse(readFileSync(require.resolve(`${t}/package.json`), 'utf8')) as { version: string }).version;
      h.update(`${t}@${version}\n`);
    }
  }
  return h.digest('hex').slice(0, 16);
}

const packageMemo = new Map<string, string>();

/**
 * Hash of one installed package's code (its `packageCode` files), first 16 hex digits: for the
 * native addon, the identity of the kernels' sources and build settings that manifests record.
 */
export function packageCodeHash(pkg: string): string {
  const hit = packageMemo.get(pkg);
  if (hit) return hit;
  const dir = installedPackageDir(pkg);
  const { dirs, files } = packageCode(pkg);
  const h = createHash('sha256');
  const all = [...dirs.flatMap((d) => srcFiles(join(dir, d))), ...files.map((f) => join(dir, f)).filter((f) => existsSync(f))];
  for (const f of all)
    h.update(`${pkg}/${relative(dir, f)}\n`)
      .update(readFileSync(f))
      .update('\n');
  const hash = h.digest('hex').slice(0, 16);
  packageMemo.set(pkg, hash);
  return hash;
}
