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
  // What spans files (unique names, references) is checked against the whole workspace, but
  // only the problems of the files asked about are reported.
  if (issues.length === 0) {
    const asked = new Set(files.map((f) => resolve(f)));
    try {
      loadWorkspace(root, [...new Set([...findSpecFiles(root).map((f) => resolve(f)), ...asked])]);
    } catch (err) {
      if (!(err instanceof SpecError)) throw err;
      issues.push(...err.issues.filter((i) => asked.has(resolve(i.file))));
    }
  }
  if (issues.length > 0) throw new SpecError(issues);
  return 0;
}
