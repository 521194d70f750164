import { closeSync, openSync, readSync, statSync } from 'node:fs';

/** What a LineTail read since its last look. */
export interface TailLines {
  /** The lines sent before are void (the file was rewritten from its start): drop them. */
  reset: boolean;
  /** New complete lines, parsed (lines that are not JSON objects are skipped). */
  rows: Record<string, unknown>[];
}

/**
 * Follows one JSON-lines file that grows by appends (losses.jsonl, step-losses.jsonl): each
 * look reads only the bytes appended since the last one, up to the last complete line. The
 * file may change place (the work folder's copy becomes the artifact's when training ends):
 * the lines already sent are not sent again. A file that shrank was rewritten (a resumed run):
 * it is read again from its start, with `reset`.
 */
export class LineTail {
  private file: string | null = null;
  private offset = 0;
  private linesSent = 0;

  /** `file`: where the lines are now (null: nowhere yet). */
  read(file: string | null): TailLines {
    if (file === null) return { reset: false, rows: [] };
    const size = fileSize(file);
    if (file !== this.file) {
      this.file = file;
      this.offset = 0;
      const lines = this.readNewLines(size);
      const skip = this.linesSent;
      const reset = lines.length < skip;
      this.linesSent = lines.length;
      return { reset, rows: parse(reset ? lines : lines.slice(skip)) };
    }
    if (size < this.offset) return this.restart();
    const lines = this.readNewLines(size);
    this.linesSent += lines.length;
    return { reset: false, rows: parse(lines) };
  }

  /** Reads the current file again from its start (after another tail's reset, say). */
  restart(): TailLines {
    this.offset = 0;
    const lines = this.readNewLines(this.file === null ? 0 : fileSize(this.file));
    this.linesSent = lines.length;
    return { reset: true, rows: parse(lines) };
  }

  /** The bytes from `offset` to the last complete line; advances `offset` past them. */
  private readNewLines(size: number): string[] {
    if (this.file === null || size <= this.offset) return [];
    const buf = Buffer.alloc(size - this.offset);
    let fd: number;
    try {
      fd = openSync(this.file, 'r');
    } catch {
      return [];
    }
    try {
      readSync(fd, buf, 0, buf.length, this.offset);
    } finally {
      closeSync(fd);
    }
    const end = buf.lastIndexOf(0x0a) + 1;
    this.offset += end;
    return buf
      .subarray(0, end)
      .toString('utf8')
      .split('\n')
      .filter((l) => l.trim() !== '');
  }
}

function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

function parse(lines: string[]): Record<string, unknown>[] {
  return lines.flatMap((l) => {
    try {
      const v = JSON.parse(l) as unknown;
      return typeof v === 'object' && v !== null && !Array.isArray(v) ? [v as Record<string, unknown>] : [];
    } catch {
      return [];
    }
  });
}
