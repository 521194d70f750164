import { existsSync, readdirSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { loadSpecFile, type LoadedEvaluator, type LoadedExperiment, type LoadedReport, type LoadedSpec } from './load-spec';
import { SpecError, type SpecIssue } from './spec-error';
import { YamlSource } from './yaml-source';
import type { Stage } from './stage-slice';

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

/** Loads every spec and checks what spans files: unique names and references. Throws SpecError. */
export function loadWorkspace(root: string, files = findSpecFiles(root)): Workspace {
  const issues: SpecIssue[] = [];
  const loaded: LoadedSpec[] = [];
  for (const file of files) {
    try {
      loaded.push(loadSpecFile(relative(process.cwd(), file) || file));
    } catch (err) {
      if (err instanceof SpecError) issues.push(...err.issues);
      else throw err;
    }
  }
  const ws: Workspace = {
    root,
    experiments: loaded.filter((l): l is LoadedExperiment => l.kind === 'experiment'),
    evaluators: loaded.filter((l): l is LoadedEvaluator => l.kind === 'evaluator'),
    reports: loaded.filter((l): l is LoadedReport => l.kind === 'report'),
  };
  issues.push(...crossFileIssues(ws, loaded));
  if (issues.length > 0) throw new SpecError(issues);
  return ws;
}

function crossFileIssues(ws: Workspace, loaded: LoadedSpec[]): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const at = (file: string, path: (string | number)[]) => YamlSource.parse(file).source?.at(path) ?? { file, line: 1, col: 1 };
  const seen = new Map<string, string>();
  for (const l of loaded) {
    const first = seen.get(l.spec.name);
    if (first) issues.push({ ...at(l.file, ['name']), path: 'name', expected: 'a name no other spec uses', found: `'${l.spec.name}', already the name of ${first}` });
    else seen.set(l.spec.name, l.file);
  }
  for (const e of ws.experiments) {
    const name = e.spec.evaluate.evaluator;
    if (e.spec.evaluate.features.kind === 'evaluator' && !ws.evaluators.some((v) => v.spec.name === name)) {
      issues.push({ ...at(e.file, ['evaluate', 'evaluator']), path: 'evaluate.evaluator', expected: `the name of an evaluator spec (${ws.evaluators.map((v) => v.spec.name).join(', ') || 'none found'})`, found: `'${name}'` });
    }
  }
  for (const r of ws.reports) {
    r.spec.experiments.forEach((ref, i) => {
      const [exp, variant] = ref.split('/');
      const target = ws.experiments.find((e) => e.spec.name === exp);
      if (!target || (variant && !target.variants.some((v) => v.name === variant))) {
        const known = target ? target.variants.map((v) => `${exp}/${v.name}`).join(', ') : ws.experiments.map((e) => e.spec.name).join(', ');
        issues.push({ ...at(r.file, ['experiments', i]), path: `experiments.${i}`, expected: `an experiment or experiment/variant (${known})`, found: `'${ref}'` });
      }
    });
    issues.push(...claimsIssues(ws, r, at));
  }
  return issues;
}

/** The claims table's GAN side must be a GAN, its VAE side a VAE, its latent sweeps sweep latentDim. */
function claimsIssues(ws: Workspace, r: LoadedReport, at: (file: string, path: (string | number)[]) => { file: string; line: number; col: number }): SpecIssue[] {
  const claims = r.spec.claims;
  if (!claims) return [];
  const issues: SpecIssue[] = [];
  const find = (name: string) => ws.experiments.find((e) => e.spec.name === name);
  for (const side of ['gan', 'vae'] as const) {
    const exp = find(claims[side].split('/')[0]);
    if (exp && exp.spec.model.kind !== side) {
      issues.push({ ...at(r.file, ['claims', side]), path: `claims.${side}`, expected: `a ${side.toUpperCase()} experiment`, found: `'${claims[side]}', a ${exp.spec.model.kind.toUpperCase()}` });
    }
  }
  (claims.latentSweeps ?? []).forEach((name, i) => {
    const exp = find(name);
    if (exp && !Object.keys(exp.spec.sweep).includes('model.latentDim')) {
      issues.push({ ...at(r.file, ['claims', 'latentSweeps', i]), path: `claims.latentSweeps.${i}`, expected: 'an experiment that sweeps model.latentDim', found: `'${name}' (sweeps: ${Object.keys(exp.spec.sweep).join(', ') || 'nothing'})` });
    }
  });
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
    throw new SpecError([{ file: '(command line)', line: 1, col: 1, path: 'name', expected: 'a name and variant that stay inside artifacts/', found: `'${name}/${variant}'` }]);
  }
  return dir;
}
