import { resolve } from 'node:path';
import { SpecError, findSpecFiles, formatIssue, loadWorkspaceLenient } from '@genlab/spec';
import { defineCommand } from '../command-declaration';

export const VALIDATE_DECLARATION = defineCommand({
  name: 'validate',
  usage: ['validate [file...]'],
  summary: 'check spec files; every problem as file:line:col',
  description: `Checks spec files (experiments/<name>/experiment.yaml, evaluator.yaml, report.yaml) against the
schema and the shape rules, and reports every problem as file:line:col: path: expected, found.
Without files it checks the whole workspace, including what spans files (unique names,
references from reports and to evaluators). Writes nothing. Exit 0 when valid, 2 otherwise.
An imported samples file (samples.from) that does not exist yet is a warning after the spec's
ok line, not a problem (docs/imported-samples.md).`,
  flags: {},
  run: (c) => validateCommand(c.root(), c.positionals, c.out),
});

export function validateCommand(root: string, files: string[], out: (s: string) => void): number {
  // What spans files (unique names, references) is checked against the whole workspace, but
  // only the files asked about are reported: each either ok or with its problems, never both.
  const asked = new Set(files.map((f) => resolve(f)));
  const all = [...new Set([...findSpecFiles(root).map((f) => resolve(f)), ...asked])];
  const { ws, broken } = loadWorkspaceLenient(root, all);
  const shown = (f: string) => files.length === 0 || asked.has(resolve(f));
  const valid = [...ws.experiments, ...ws.evaluators, ...ws.reports].filter((l) => shown(l.file));
  const bad = broken.filter((b) => shown(b.file));
  for (const l of valid) {
    out(
      `ok ${l.file} (${l.kind}${l.kind === 'experiment' ? `, ${l.variants.length} variant${l.variants.length === 1 ? '' : 's'}` : ''})\n`,
    );
    // Valid, but a run stops on it: an imported samples file not written yet (docs/imported-samples.md).
    if (l.kind === 'experiment') for (const w of l.warnings) out(`warning: ${formatIssue(w)}\n`);
  }
  if (bad.length > 0) throw new SpecError(bad.flatMap((b) => b.issues));
  if (files.length === 0) out(`${valid.length} spec file(s) valid\n`);
  return 0;
}
