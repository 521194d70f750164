import { readFileSync } from 'node:fs';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { SpecIssue } from './spec-error';

/** A parsed YAML file that can say where any dotted path sits in it. */
export class YamlSource {
  private constructor(
    readonly file: string,
    readonly doc: Document.Parsed,
    private readonly lines: LineCounter,
  ) {}

  /** Parses `text` (or reads `file`); YAML syntax errors come back as issues, all of them. */
  static parse(file: string, text?: string): { source?: YamlSource; issues: SpecIssue[] } {
    let body: string;
    try {
      body = text ?? readFileSync(file, 'utf8');
    } catch (err) {
      const found = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String((err as Error).message);
      return { issues: [{ file, line: 1, col: 1, path: '', expected: 'a readable YAML file', found }] };
    }
    const lines = new LineCounter();
    const doc = parseDocument(body, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
    const source = new YamlSource(file, doc, lines);
    const issues = doc.errors.map((e) => {
      const pos = lines.linePos(e.pos[0]);
      return { file, line: pos.line, col: pos.col, path: '', expected: 'valid YAML', found: `${e.code}: ${e.message.split('\n')[0]}` };
    });
    if (issues.length === 0 && (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null))) {
      issues.push({ file, line: 1, col: 1, path: '', expected: 'a YAML mapping (name: ..., model: ...)', found: 'an empty file' });
    } else if (issues.length === 0 && !isMap(doc.contents)) {
      issues.push({ ...source.at([]), path: '', expected: 'a YAML mapping at the top level', found: describeNode(doc.contents) });
    }
    return { source: issues.length === 0 ? source : undefined, issues };
  }

  /** Whether the file itself spells out `path` (rather than a preset or a default supplying it). */
  has(path: (string | number)[]): boolean {
    let node: unknown = this.doc.contents;
    for (const seg of path) {
      const next = child(node, seg);
      if (next === undefined) return false;
      node = next.value;
    }
    return true;
  }

  toJS(): unknown {
    return this.doc.toJS();
  }

  /**
   * Where `path` is in the file. A key that is not there (a default, a preset's value, a missing
   * required field) is located at its deepest ancestor that is; `key` points at the key itself
   * rather than the value (for unknown keys).
   */
  at(path: (string | number)[], opts: { key?: boolean } = {}): { file: string; line: number; col: number } {
    let node: unknown = this.doc.contents;
    let offset = rangeStart(node) ?? 0;
    for (const seg of path) {
      const next = child(node, seg);
      if (next === undefined) break;
      const isLast = seg === path[path.length - 1];
      offset = (opts.key && isLast ? rangeStart(next.key) : undefined) ?? rangeStart(next.value) ?? rangeStart(next.key) ?? offset;
      node = next.value;
    }
    const pos = this.lines.linePos(offset);
    return { file: this.file, line: pos.line, col: pos.col };
  }
}

function child(node: unknown, seg: string | number): { key?: unknown; value: unknown } | undefined {
  if (isMap(node)) {
    const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
    return pair ? { key: pair.key, value: pair.value } : undefined;
  }
  if (isSeq(node) && typeof seg === 'number' && seg < node.items.length) return { value: node.items[seg] };
  if (isSeq(node) && typeof seg === 'string' && /^\d+$/.test(seg) && Number(seg) < node.items.length) {
    return { value: node.items[Number(seg)] };
  }
  return undefined;
}

function rangeStart(node: unknown): number | undefined {
  const r = (node as Node | undefined)?.range;
  return r ? r[0] : undefined;
}

function describeNode(node: unknown): string {
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) return `the scalar ${JSON.stringify(node.value)}`;
  return 'something else';
}
