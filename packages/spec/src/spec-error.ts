/** One problem in a spec file, located precisely enough to jump to it in an editor. */
export interface SpecIssue {
  file: string;
  line: number;
  col: number;
  /** Dotted path into the document, e.g. `model.generator.2.filters`; '' for the whole file. */
  path: string;
  expected: string;
  found: string;
  /** The fix, when one cause is clear (`set sample.epochs`). */
  hint?: string;
}

export function formatIssue(i: SpecIssue): string {
  const where = i.path === '' ? '(document)' : i.path;
  return `${i.file}:${i.line}:${i.col}: ${where}: expected ${i.expected}, found ${i.found}${i.hint ? `; ${i.hint}` : ''}`;
}

/** Bad input: every problem of a file (or of a set of files) at once. The CLI maps it to exit 2. */
export class SpecError extends Error {
  override readonly name = 'SpecError';
  constructor(readonly issues: SpecIssue[]) {
    super(issues.map(formatIssue).join('\n'));
  }
}
