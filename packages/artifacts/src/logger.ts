import { createWriteStream, type WriteStream } from 'node:fs';
import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';
import { writeAboveProgress } from './progress-line';

export type { Logger };

/**
 * How a log line reads on a terminal, here and in genlab run (which formats its stages' JSON
 * lines itself): one line each, time, level, experiment/variant stage, message, then any fields.
 */
export function prettyOptions(colorize: boolean): pretty.PrettyOptions {
  return {
    colorize,
    translateTime: 'HH:MM:ss',
    ignore: 'pid,hostname,name,variant,stage',
    singleLine: true,
    messageFormat: '{if name}{name}/{variant} {stage}: {end}{msg}',
  };
}

// Info lines say what they mean in their message; their fields (all in the stage's log.jsonl)
// would double the screen. Warnings and errors keep theirs: an error's stack is one of them.
const BRIEF_KEYS = ['level', 'time', 'name', 'variant', 'stage', 'msg'];
const WARN = 40;

/** A JSON log line (or its object) as prettyOptions() prints it, newline included; info and below without their fields. */
export function createPrettyFormatter(colorize: boolean): (line: string | Record<string, unknown>) => string {
  const format = pretty.prettyFactory(prettyOptions(colorize));
  return (line) => {
    const obj = typeof line === 'string' ? (JSON.parse(line) as Record<string, unknown>) : line;
    if (typeof obj.level === 'number' && obj.level >= WARN) return format(obj);
    return format(Object.fromEntries(BRIEF_KEYS.filter((k) => k in obj).map((k) => [k, obj[k]])));
  };
}

/**
 * Human-readable lines on a terminal, JSON lines otherwise (CI, pipes, Nx's output capture);
 * with `file`, every line also goes to that file as JSON (a stage's log.jsonl).
 */
export function createLogger(opts: { level?: string; file?: string; tty?: boolean } = {}): { log: Logger; close: () => Promise<void> } {
  const level = opts.level ?? process.env.GENLAB_LOG_LEVEL ?? 'info';
  const tty = opts.tty ?? Boolean(process.stderr.isTTY);
  const format = createPrettyFormatter(pretty.isColorSupported);
  // On a terminal each line goes above a live progress line, if one is drawn (ProgressLine).
  const terminal = tty ? { write: (line: string) => writeAboveProgress(format(line)) } : pino.destination({ dest: 2, sync: true });
  const streams: pino.StreamEntry[] = [{ level: level as pino.Level, stream: terminal }];
  let file: WriteStream | undefined;
  // A full disk fails the log file's writes asynchronously: kept here and thrown by close(),
  // instead of an unhandled 'error' event that would end the process with a bare message.
  let fileError: Error | undefined;
  if (opts.file) {
    file = createWriteStream(opts.file, { flags: 'a' });
    file.on('error', (err) => (fileError ??= err));
    streams.push({ level: 'debug', stream: file });
  }
  const log = pino({ level: 'debug', base: undefined }, pino.multistream(streams));
  const close = () =>
    new Promise<void>((resolve, reject) => {
      const done = () => (fileError ? reject(fileError) : resolve());
      if (!file || file.destroyed) return done();
      file.end(done);
    });
  return { log, close };
}
