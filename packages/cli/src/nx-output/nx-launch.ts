import { PROGRESS_ENV } from '@genlab/artifacts';

export type NxView = 'terminal' | 'json';

export interface NxLaunch {
  /** Appended to Nx's command line. */
  args: string[];
  /** Set in Nx's environment (and so its tasks'). */
  env: Record<string, string>;
  /** How genlab shows what Nx prints: TerminalView or JsonLinesView. */
  view: NxView;
}

/**
 * How genlab run starts Nx. Nx never owns the terminal: its output is always piped to genlab,
 * which is the one process that draws. Letting Nx host the stages' terminal output was tried:
 * with `stream` Nx runs only the last task in a pseudo-terminal and prefixes every chunk, so a
 * `\r` progress line arrives as prefixed fragments and the terminal is left in raw mode
 * (staircased lines); its full-screen TUI hides the logs when it exits. So:
 * - Nx streams task output without prefixes (one task at a time; the JSON lines name their
 *   experiment, variant and stage), and no TUI;
 * - on a terminal, stages report progress as `{"progress": ...}` lines (GENLAB_PROGRESS=live),
 *   which TerminalView draws in place, and Nx keeps its colours;
 * - elsewhere (CI, pipes) stages log progress every ~10 s and JsonLinesView passes JSON through.
 */
export function nxLaunch(stdoutIsTTY: boolean): NxLaunch {
  const args = ['--outputStyle=stream-without-prefixes'];
  if (stdoutIsTTY) return { args, view: 'terminal', env: { NX_TUI: 'false', [PROGRESS_ENV]: 'live', FORCE_COLOR: '1' } };
  return { args, view: 'json', env: { NX_TUI: 'false', [PROGRESS_ENV]: 'log' } };
}
