import { createWriteStream, type WriteStream } from 'node:fs';
import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

/**
 * Human-readable lines on a terminal, JSON lines otherwise (CI, pipes, Nx's output capture);
 * with `file`, every line also goes to that file as JSON (a stage's log.jsonl).
 */
export function createLogger(opts: { level?: string; file?: string; tty?: boolean } = {}): { log: Logger; close: () => Promise<void> } {
  const level = opts.level ?? process.env.GENLAB_LOG_LEVEL ?? 'info';
  const tty = opts.tty ?? Boolean(process.stderr.isTTY);
  const console = tty ? pretty({ destination: 2, sync: true, ignore: 'pid,hostname', translateTime: 'HH:MM:ss' }) : pino.destination({ dest: 2, sync: true });
  const streams: pino.StreamEntry[] = [{ level: level as pino.Level, stream: console }];
  let file: WriteStream | undefined;
  if (opts.file) {
    file = createWriteStream(opts.file, { flags: 'a' });
    streams.push({ level: 'debug', stream: file });
  }
  const log = pino({ level: 'debug', base: undefined }, pino.multistream(streams));
  const close = () => new Promise<void>((resolve) => (file ? file.end(resolve) : resolve()));
  return { log, close };
}
