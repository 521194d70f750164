import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { loadSpecFile, specKindOf, type LoadedEvaluator, type LoadedExperiment, type LoadedReport, type LoadedSpec } from './load-spec';
import { SpecError, type SpecIssue } from './spec-error';
import { YamlSource } from './yaml-source';
import { closestName, didYouMean } from './closest-name';
import { NAME_PATTERN } from './schema/experiment-schema';
import { claimsTables } from './schema/report-schema';
import type { Stage } from './pipeline';

export const EXPERIMENTS_DIR = 'experiments';
export const ARTIFACTS_DIR = 'artifacts';
export const SPEC_FILE_NAMES = ['experiment.yaml', 'evaluator.yaml', 'report.yaml'];

export interface Workspace {
  root: string;
  experiments: LoadedExperiment[];
  evaluators: LoadedEvaluator[];
  reports: LoadedReport[];
}

/** Every spec file under experiments/ (one folder each), sorted. */
export function findSpecFiles(root: string): string[] {
  const dir = join(root, EXPERIMENTS_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => SPEC_FILE_NAMES.map((f) => join(dir, d.name, f)))
    .filter((f) => existsSync(f))
    .sort();
}

/** A spec file that does not load, or whose references do not hold: left out of the Workspace. */
export interface BrokenSpec {
  file: string;
  /** Its `name:` when that reads as one, else its folder's name: what commands and Nx call it. */
  name: string;
  kind: 'experiment' | 'evaluator' | 'report';
  issues: SpecIssue[];
}

/** Loads every spec and checks what spans files: unique names and references. Throws SpecError. */
export function loadWorkspace(root: string, files = findSpecFiles(root)): Workspace {
  const { ws, broken } = loadWorkspaceLenient(root, files);
  if (broken.length > 0) throw new SpecError(broken.flatMap((b) => b.issues));
  return ws;
}

/**
 * Loads what is valid and sets aside what is not, so one broken spec does not stop work on the
 * others: a spec is broken when its file does not load, or when it names a spec that does not
 * exist or is broken itself (a report over a broken experiment is broken too).
 */
export function loadWorkspaceLenient(root: string, files = findSpecFiles(root)): { ws: Workspace; broken: BrokenSpec[] } {
  const broken: BrokenSpec[] = [];
  let loaded: LoadedSpec[] = [];
  for (const file of files) {
    const shown = relative(process.cwd(), file) || file;
    try {
      loaded.push(loadSpecFile(shown));
    } catch (err) {
      if (!(err instanceof SpecError)) throw err;
      broken.push({ file: shown, name: brokenName(shown), kind: specKindOf(shown) ?? 'experiment', issues: err.issues });
    }
  }
  // References are checked against what is valid; a spec that fails them is set aside, which can
  // break what refers to it in turn, so repeat until nothing changes.
  for (;;) {
    const ws = workspaceOf(root, loaded);
    const issues = crossFileIssues(ws, loaded, broken);
    if (issues.length === 0) return { ws, broken };
    const brokenFiles = new Set(issues.map((i) => i.file));
    for (const l of loaded.filter((x) => brokenFiles.has(x.file)))
      broken.push({ file: l.file, name: l.spec.name, kind: l.kind, issues: issues.filter((i) => i.file === l.file) });
    loaded = loaded.filter((x) => !brokenFiles.has(x.file));
  }
}

function workspaceOf(root: string, loaded: LoadedSpec[]): Workspace {
  return {
    root,
    experiments: loaded.filter((l): l is LoadedExperiment => l.kind === 'experiment'),
    evaluators: loaded.filter((l): l is LoadedEvaluator => l.kind === 'evaluator'),
    reports: loaded.filter((l): l is LoadedReport => l.kind === 'report'),
  };
}

/** The name a broken spec goes by: its `name:` if it is a valid one, else its folder. */
function brokenName(file: string): string {
  const raw = YamlSource.parse(file).source?.toJS() as { name?: unknown } | undefined;
  const name = raw?.name;
  return typeof name === 'string' && new RegExp(NAME_PATTERN).test(name) ? name : basename(dirname(file));
}

/** What a reference to `name` found: a broken spec by that name, or the closest valid name. */
function unknownReference(name: string, known: string[], broken: BrokenSpec[]): string {
  const b = broken.find((x) => x.name === name);
  if (b) return `'${name}', whose spec is invalid (${b.issues.length} problem(s) in ${b.file}; genlab validate ${b.file})`;
  const near = closestName(name, [...known, ...broken.map((x) => x.name)]);
  const nearBroken = broken.find((x) => x.name === near && !known.includes(near));
  if (nearBroken) return `'${name}' (did you mean '${near}'? its spec is invalid: genlab validate ${nearBroken.file})`;
  return `'${name}'${didYouMean(name, known)}`;
}

function crossFileIssues(ws: Workspace, loaded: LoadedSpec[], broken: BrokenSpec[]): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const at = (file: string, path: (string | number)[]) => YamlSource.parse(file).source?.at(path) ?? { file, line: 1, col: 1 };
  const seen = new Map<string, string>();
  for (const l of loaded) {
    const first = seen.get(l.spec.name);
    if (first)
      issues.push({
        ...at(l.file, ['name']),
        path: 'name',
        expected: 'a name no other spec uses',
        found: `'${l.spec.name}', already the name of ${first}`,
      });
    else seen.set(l.spec.name, l.file);
  }
  for (const e of ws.experiments) {
    const name = e.spec.evaluate.evaluator;
    if (e.spec.evaluate.features.kind === 'evaluator' && !ws.evaluators.some((v) => v.spec.name === name)) {
      const known = ws.evaluators.map((v) => v.spec.name);
      issues.push({
        ...at(e.file, ['evaluate', 'evaluator']),
        path: 'evaluate.evaluator',
        expected: `the name of a valid evaluator spec (${known.join(', ') || 'none found'})`,
        found: unknownReference(name, known, broken),
      });
    }
  }
  for (const r of ws.reports) {
    r.spec.experiments.forEach((ref, i) => {
      const [exp, variant] = ref.split('/');
      const target = ws.experiments.find((e) => e.spec.name === exp);
      if (!target) {
        const known = ws.experiments.map((e) => e.spec.name);
        issues.push({
          ...at(r.file, ['experiments', i]),
          path: `experiments.${i}`,
          expected: `the name of a valid experiment (${known.join(', ') || 'none found'})`,
          found: unknownReference(exp, known, broken),
        });
      } else if (variant && !target.variants.some((v) => v.name === variant)) {
        const known = target.variants.map((v) => v.name);
        issues.push({
          ...at(r.file, ['experiments', i]),
          path: `experiments.${i}`,
          expected: `an experiment/variant (${known.map((v) => `${exp}/${v}`).join(', ')})`,
          found: `'${ref}'${didYouMean(variant, known).replace("'", `'${exp}/`)}`,
        });
      }
    });
    issues.push(...claimsIssues(ws, r, at));
  }
  return issues;
}

/** The claims table's GAN side must be a GAN, its VAE side a VAE, its latent sweeps sweep latentDim. */
function claimsIssues(
  ws: Workspace,
  r: LoadedReport,
  at: (file: string, path: (string | number)[]) => { file: string; line: number; col: number },
): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const find = (name: string) => ws.experiments.find((e) => e.spec.name === name);
  for (const { claims, path } of claimsTables(r.spec)) {
    const where = (...rest: (string | number)[]) => ({ ...at(r.file, [...path, ...rest]), path: [...path, ...rest].join('.') });
    for (const side of ['gan', 'vae'] as const) {
      const exp = find(claims[side].split('/')[0]);
      const kind = exp?.spec.samples ? 'imported-samples experiment (samples.from)' : exp?.spec.model.kind.toUpperCase();
      if (exp && (exp.spec.samples || exp.spec.model.kind !== side)) {
        issues.push({ ...where(side), expected: `a ${side.toUpperCase()} experiment`, found: `'${claims[side]}', a ${kind}` });
      }
    }
    (claims.latentSweeps ?? []).forEach((name, i) => {
      const exp = find(name);
      if (exp && !Object.keys(exp.spec.sweep).includes('model.latentDim')) {
        issues.push({
          ...where('latentSweeps', i),
          expected: 'an experiment that sweeps model.latentDim',
          found: `'${name}' (sweeps: ${Object.keys(exp.spec.sweep).join(', ') || 'nothing'})`,
        });
      }
    });
  }
  return issues;
}

/**
 * artifacts/<name>/<variant>/<stage>. Names are validated against a safe pattern already; this
 * is the last guard that nothing is ever written outside artifacts/.
 */
export function artifactDir(root: string, name: string, variant: string, stage: Stage): string {
  const base = resolve(root, ARTIFACTS_DIR);
  const dir = resolve(base, name, variant, stage);
  const bad = [name, variant].some((s) => s === '' || s.includes('/') || s.includes('\\') || s.includes('..'));
  if (bad || !dir.startsWith(base + sep)) {
    throw new SpecError([
      {
        file: '(command line)',
        line: 1,
        col: 1,
        path: 'name',
        expected: 'a name and variant that stay inside artifacts/',
        found: `'${name}/${variant}'`,
      },
    ]);
  }
  return dir;
}
