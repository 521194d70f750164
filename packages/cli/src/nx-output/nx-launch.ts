import { PROGRESS_ENV } from '@genlab/artifacts';

export type NxView = 'terminal' | 'json' | 'plain';

export interface NxLaunch {
  /** Appended to Nx's command line. */
  args: string[];
  /** Set in Nx's environment (and so its tasks'). */
  env: Record<string, string>;
  /** How genlab shows what Nx prints: TerminalView (with colours, or `plain` without), or JSON lines. */
  view: NxView;
}

/**
 * How genlab run starts Nx. Nx never owns the terminal: its output is always piped to genlab,
 * which is the one process that draws. Two ways of letting Nx host the stages' terminal output
 * were tried: with `--outputStyle=stream` Nx runs only the last task in a pseudo-terminal and
 * prefixes each chunk of it, so a `\r` progress line arrives as prefixed fragments run together,
 * and the terminal is left in raw mode (later lines staircase); its TUI (NX_TUI=true) does
 * update the line in place, but takes the whole screen (alternate buffer) and the keyboard
 * while it runs. So:
 * - Nx streams task output without prefixes and without a TUI (one task at a time; the JSON
 *   lines name their experiment, variant and stage);
 * - on a terminal, stages report progress as `{"progress": ...}` lines (GENLAB_PROGRESS=live),
 *   which TerminalView draws in place, and Nx keeps its colours;
 * - elsewhere (CI, pipes) stages log progress every ~10 s and JsonLinesView passes JSON through;
 *   `log: 'plain'` (`--log plain`, GENLAB_PROGRESS=plain) prints them as readable lines instead.
 */
export function nxLaunch(stdoutIsTTY: boolean, log?: 'plain' | 'json'): NxLaunch {
  const args = ['--outputStyle=stream-without-prefixes'];
  if (log === 'plain') return { args, view: 'plain', env: { NX_TUI: 'false', [PROGRESS_ENV]: 'log' } };
  if (stdoutIsTTY && log !== 'json') return { args, view: 'terminal', env: { NX_TUI: 'false', [PROGRESS_ENV]: 'live', FORCE_COLOR: '1' } };
  return { args, view: 'json', env: { NX_TUI: 'false', [PROGRESS_ENV]: 'log' } };
}
