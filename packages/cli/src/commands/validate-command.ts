import { resolve } from 'node:path';
import { SpecError, findSpecFiles, loadSpecFile, loadWorkspace, type SpecIssue } from '@genlab/spec';

export const VALIDATE_HELP = `genlab validate [file...]

Checks spec files (experiments/<name>/experiment.yaml, evaluator.yaml, report.yaml) against the
schema and the shape rules, and reports every problem as file:line:col: path: expected, found.
Without files it checks the whole workspace, including what spans files (unique names,
references from reports and to evaluators). Writes nothing. Exit 0 when valid, 2 otherwise.`;

export function validateCommand(root: string, files: string[], out: (s: string) => void): number {
  if (files.length === 0) {
    const ws = loadWorkspace(root);
    const count = ws.experiments.length + ws.evaluators.length + ws.reports.length;
    for (const e of ws.experiments) out(`ok ${e.file} (experiment, ${e.variants.length} variant${e.variants.length === 1 ? '' : 's'})\n`);
    for (const e of [...ws.evaluators, ...ws.reports]) out(`ok ${e.file} (${e.kind})\n`);
    out(`${count} spec file(s) valid\n`);
    return 0;
  }
  const issues: SpecIssue[] = [];
  for (const f of files) {
    try {
      const l = loadSpecFile(f);
      out(`ok ${f} (${l.kind}${l.kind === 'experiment' ? `, ${l.variants.length} variant(s)` : ''})\n`);
    } catch (err) {
      if (!(err instanceof SpecError)) throw err;
      issues.push(...err.issues);
    }
  }
  // Names must also be unique against the rest of the workspace.
  if (issues.length === 0) {
    const inWorkspace = new Set(findSpecFiles(root).map((f) => resolve(f)));
    const extra = files.map((f) => resolve(f)).filter((f) => !inWorkspace.has(f));
    if (extra.length > 0) loadWorkspace(root, [...inWorkspace, ...extra]);
  }
  if (issues.length > 0) throw new SpecError(issues);
  return 0;
}
