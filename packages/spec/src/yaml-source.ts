import { readFileSync } from 'node:fs';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import type { SpecIssue } from './spec-error';
import { decodeUtf8 } from './decode-utf8';

/**
 * How many alias expansions toJS() may do. yaml's own default (100) would refuse a spec that
 * reuses a layer with `*conv` a few dozen times; a billion-laughs file needs thousands.
 */
const MAX_ALIAS_COUNT = 1000;

/** A parsed YAML file that can say where any dotted path sits in it. */
export class YamlSource {
  private constructor(
    readonly file: string,
    readonly doc: Document.Parsed,
    private readonly lines: LineCounter,
    private readonly js: unknown,
  ) {}

  /** Parses `text` (or reads `file`); YAML syntax errors come back as issues, all of them. */
  static parse(file: string, text?: string): { source?: YamlSource; issues: SpecIssue[] } {
    let body: string;
    try {
      const decoded = text === undefined ? decodeUtf8(readFileSync(file)) : { text };
      if ('issue' in decoded) return { issues: [{ file, ...decoded.issue, path: '', expected: 'a UTF-8 text file' }] };
      body = decoded.text;
    } catch (err) {
      const found = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String((err as Error).message);
      return { issues: [{ file, line: 1, col: 1, path: '', expected: 'a readable YAML file', found }] };
    }
    const lines = new LineCounter();
    const doc = parseDocument(body, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
    const issues = doc.errors.map((e) => {
      const pos = lines.linePos(e.pos[0]);
      return { file, line: pos.line, col: pos.col, path: '', expected: 'valid YAML', found: `${e.code}: ${e.message.split('\n')[0]}` };
    });
    let js: unknown;
    if (issues.length === 0) {
      try {
        js = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
      } catch (err) {
        // yaml throws a bare ReferenceError for an alias bomb ("billion laughs"); locate it at
        // the first alias so the user sees file:line:col like any other spec problem.
        const pos = lines.linePos(firstAliasOffset(doc) ?? 0);
        issues.push({
          file,
          line: pos.line,
          col: pos.col,
          path: '',
          expected: `YAML whose aliases expand to a reasonable size (at most ${MAX_ALIAS_COUNT} alias expansions)`,
          found: `${(err as Error).message}`,
        });
      }
    }
    const source = new YamlSource(file, doc, lines, js);
    if (issues.length === 0) issues.push(...nonFiniteNumbers(doc, source));
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

  /** The document as plain data; a fresh copy each call, so callers may mutate it. */
  toJS(): unknown {
    return structuredClone(this.js);
  }

  /** Where a character offset of the text is. */
  position(offset: number): { line: number; col: number } {
    return this.lines.linePos(offset);
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

function firstAliasOffset(doc: Document.Parsed): number | undefined {
  let offset: number | undefined;
  visit(doc, {
    Alias(_key, node) {
      offset = node.range?.[0];
      return visit.BREAK;
    },
  });
  return offset;
}

/**
 * `.nan` and `.inf` are numbers to YAML but never a sensible value for any spec field, and JSON
 * (the manifests, the fingerprints) cannot even hold them: refuse them where they are written.
 */
function nonFiniteNumbers(doc: Document.Parsed, source: YamlSource): SpecIssue[] {
  const issues: SpecIssue[] = [];
  visit(doc, {
    Scalar(_key, node, path) {
      if (typeof node.value !== 'number' || Number.isFinite(node.value)) return;
      const pos = source.position(node.range?.[0] ?? 0);
      // Ancestors run document -> map -> pair -> seq -> ...; a pair gives its key, a seq the index of the next node.
      const chain = [...path, node];
      const segs = chain.flatMap((n, i) => {
        if (isPair(n)) return [String(isScalar(n.key) ? n.key.value : n.key)];
        if (isSeq(n)) return [String(n.items.indexOf(chain[i + 1] as never))];
        return [];
      });
      const dotted = segs.join('.');
      issues.push({ file: source.file, ...pos, path: dotted, expected: 'a finite number', found: String(node.value) });
    },
  });
  return issues;
}
