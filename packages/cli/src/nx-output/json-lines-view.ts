import { stripVTControlCharacters } from 'node:util';
import { parseObject } from './terminal-view';

/**
 * Nx's output for CI and pipes as JSON lines, one object per line: the stages' log lines pass
 * through unchanged; a line that is not one JSON object (Nx's own `> nx run` headers and summary,
 * a stage's plain message or a crash's stack) becomes `{"level":30,"time":...,"plain":true,"msg":...}`;
 * blank lines are dropped. Returns null for a line to drop.
 */
export function toJsonLine(text: string, now = Date.now()): string | null {
  if (parseObject(text)) return text;
  const msg = stripVTControlCharacters(text).trimEnd();
  if (msg.trim() === '') return null;
  return JSON.stringify({ level: 30, time: now, plain: true, msg });
}
