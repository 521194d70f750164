import { stripVTControlCharacters } from 'node:util';

/** Nx's header of a task it did not run: `> nx run x:train  [local cache]` (or remote, or outputs left as is). */
const CACHED_HEADER = /^> nx run \S+.*\[(local cache|remote cache|existing outputs match the cache, left as is)\]\s*$/;

/**
 * Tells the lines Nx replays for a cached task from lines of tasks that run now. Nx prints a
 * cached task's stored output right after its header, so everything from a cached header to the
 * next header or Nx's own summary (a rule of dashes, ` NX ` lines) is a replay: its log lines
 * ("running train: no previous artifact") are old and must not read as if they ran now.
 * One per stream: Nx replays on stdout, live tasks' logs come on stderr.
 */
export class ReplayMarker {
  private replaying = false;

  /** Whether `text` (one line) is part of a cached task's replayed output. */
  replayed(text: string): boolean {
    const plain = stripVTControlCharacters(text);
    if (plain.startsWith('> nx run ')) {
      this.replaying = CACHED_HEADER.test(plain);
      return false;
    }
    if (/^\s*(—{3,}|-{3,}|NX\s)/.test(plain)) this.replaying = false;
    return this.replaying;
  }
}

/** A JSON line marked `"replayed": true` (for machines reading piped output). */
export function markReplayedJson(line: string): string {
  try {
    return JSON.stringify({ ...(JSON.parse(line) as Record<string, unknown>), replayed: true });
  } catch {
    return line;
  }
}
