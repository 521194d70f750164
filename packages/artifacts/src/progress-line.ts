import type { Logger } from 'pino';

/**
 * Where a stage's self-updating progress goes:
 * - `tty`: the stage owns a terminal (`genlab stage` in a shell): one line on stderr, redrawn in place;
 * - `live`: `genlab run` on a terminal draws it (the stage runs under Nx with piped output): one
 *   small JSON object per redraw on stderr, `{"progress": "<line>"}`, and `{"progress": null}` at
 *   the end, which genlab run turns back into an in-place line (see cli's TerminalView);
 * - `log`: nobody draws (CI, pipes, files): a normal log line every `logEverySec`.
 */
export type ProgressMode = 'tty' | 'live' | 'log';

/** The environment variable through which genlab run asks its stages for `live` progress. */
export const PROGRESS_ENV = 'GENLAB_PROGRESS';

/** GENLAB_PROGRESS when set (genlab run sets it for its stages), else `tty` on a terminal, else `log`. */
export function progressMode(env: NodeJS.ProcessEnv = process.env, stderrIsTTY = Boolean(process.stderr.isTTY)): ProgressMode {
  const asked = env[PROGRESS_ENV];
  if (asked === 'live' || asked === 'log' || asked === 'tty') return asked;
  return stderrIsTTY ? 'tty' : 'log';
}

export interface ProgressLineOptions {
  log: Logger;
  /** Defaults to progressMode(). */
  mode?: ProgressMode;
  /** Defaults to process.stderr. */
  stream?: NodeJS.WritableStream & { columns?: number };
  /** Seconds between log lines in `log` mode (default 10). */
  logEverySec?: number;
}

// Redrawing faster than the eye reads only costs time in the training loop (and, in `live`
// mode, JSON lines through Nx).
const REDRAW_MS = 200;

type Stream = NodeJS.WritableStream & { columns?: number };

// The line a `tty` ProgressLine has on screen now, so that log lines can be written above it.
// A process has one terminal, hence module state rather than an object passed around.
let onScreen: { stream: Stream; text: string } | null = null;

/**
 * Writes `text` (whole lines) to stderr; when a progress line is on the terminal, clears it
 * first and draws it again below, so log lines and the live line never share a row.
 */
export function writeAboveProgress(text: string, out: NodeJS.WritableStream = process.stderr): void {
  if (!onScreen) {
    out.write(text);
    return;
  }
  onScreen.stream.write('\r\x1b[K');
  out.write(text);
  onScreen.stream.write(`${fitWidth(onScreen.text, onScreen.stream.columns)}\x1b[K`);
}

/**
 * One self-updating status line, shared by every long stage (training, the evaluator, feature
 * extraction, UMAP, sampling): callers say what the line reads, this decides how often and where
 * it is drawn.
 */
export class ProgressLine {
  readonly mode: ProgressMode;
  private readonly stream: Stream;
  private lastDraw = 0;
  private lastLog = Date.now();
  private drawn = false;

  constructor(private readonly o: ProgressLineOptions) {
    this.mode = o.mode ?? progressMode();
    this.stream = o.stream ?? process.stderr;
  }

  /** Shows `text` (throttled; `force` draws now, e.g. for the last item). `fields` go into log lines. */
  show(text: string, fields: Record<string, unknown> = {}, force = false): void {
    const now = Date.now();
    if (this.mode === 'log') {
      if (force || now - this.lastLog >= (this.o.logEverySec ?? 10) * 1000) {
        this.lastLog = now;
        this.o.log.info({ progress: fields }, text);
      }
      return;
    }
    if (!force && now - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = now;
    this.drawn = true;
    if (this.mode === 'live') this.stream.write(`${JSON.stringify({ progress: text })}\n`);
    else {
      // A line longer than the terminal wraps, and \r then returns only to its last row.
      this.stream.write(`\r${fitWidth(text, this.stream.columns)}\x1b[K`);
      onScreen = { stream: this.stream, text };
    }
  }

  /** Ends the line: the last state stays on screen and later output starts on a fresh line. */
  end(): void {
    if (!this.drawn) return;
    this.drawn = false;
    if (this.mode === 'tty') onScreen = null;
    this.stream.write(this.mode === 'live' ? `${JSON.stringify({ progress: null })}\n` : '\n');
  }
}

/** `text` cut to fit `columns - 1` characters (no cut when the width is unknown). */
export function fitWidth(text: string, columns: number | undefined): string {
  if (!columns || columns < 2 || text.length < columns) return text;
  return `${text.slice(0, columns - 2)}…`;
}

/** 5s, 2m05s, 3h01m; '?' when unknown. */
export function formatDuration(sec: number): string {
  if (!Number.isFinite(sec)) return '?';
  const s = Math.round(sec);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : m > 0 ? `${m}m${String(r).padStart(2, '0')}s` : `${r}s`;
}
