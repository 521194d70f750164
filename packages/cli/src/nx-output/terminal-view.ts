import { stripVTControlCharacters } from 'node:util';
import { createPrettyFormatter, fitWidth } from '@genlab/artifacts';

export interface TerminalOut {
  write(s: string): unknown;
  columns?: number;
}

/**
 * Shows Nx's output (and so its stages') on a terminal: `{"progress": "<line>"}` objects redraw
 * one line in place at the bottom, `{"progress": null}` leaves it as it stands, JSON log lines
 * print as one pretty line each above it (info lines without their fields), and anything else
 * (Nx's own lines) prints as it is.
 */
export class TerminalView {
  private progress: string | null = null;
  private readonly pretty: (line: Record<string, unknown>) => string;

  /** `colour: false` is the plain view for CI logs (GENLAB_PROGRESS=plain): the same lines, no escape codes. */
  constructor(
    private readonly out: TerminalOut,
    private readonly colour = true,
  ) {
    this.pretty = createPrettyFormatter(colour);
  }

  /** One line of output, without its line ending; `replayed` for a cached task's old output (marked, and its progress dropped). */
  line(text: string, replayed = false): void {
    const json = parseObject(text);
    if (json && 'progress' in json && !('level' in json)) return replayed ? undefined : this.setProgress(json.progress);
    const mark = replayed && text.trim() !== '' ? (this.colour ? '\x1b[2mreplayed\x1b[22m ' : 'replayed ') : '';
    if (json && typeof json.level === 'number') return this.print(mark + this.pretty(json).replace(/\n$/, ''));
    this.print(mark + (this.colour ? text : stripVTControlCharacters(text)));
  }

  /** Ends a progress line still on screen (a stage that died mid-way never sent its null). */
  end(): void {
    if (this.progress !== null) this.out.write('\n');
    this.progress = null;
  }

  private setProgress(p: unknown): void {
    if (typeof p === 'string') {
      this.progress = p;
      this.out.write(`\r${fitWidth(p, this.out.columns)}\x1b[K`);
    } else this.end();
  }

  /** A permanent line goes above the progress line: clear it, print, draw it again below. */
  private print(text: string): void {
    if (this.progress === null) {
      this.out.write(`${text}\n`);
      return;
    }
    this.out.write(`\r\x1b[K${text}\n${fitWidth(this.progress, this.out.columns)}\x1b[K`);
  }
}

/** The object a line holds, or null when it is not one JSON object. */
export function parseObject(text: string): Record<string, unknown> | null {
  if (!text.startsWith('{')) return null;
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
