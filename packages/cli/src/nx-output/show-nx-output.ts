import type { ChildProcess } from 'node:child_process';
import { constants } from 'node:os';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { toJsonLine } from './json-lines-view';
import { markReplayedJson, ReplayMarker } from './replay-marker';
import type { NxView } from './nx-launch';
import { TerminalView, type TerminalOut } from './terminal-view';

export interface NxOutputIo {
  stdout: TerminalOut;
  stderr: { write(s: string): unknown };
}

/**
 * Shows the output of an Nx child spawned with stdout and stderr piped, line by line, through
 * `view`, until it exits; resolves with its exit code (128 + signal number when killed).
 * On a terminal both of Nx's streams are drawn on stdout (one screen, one progress line); for
 * pipes each keeps its stream.
 */
export async function showNxOutput(
  child: ChildProcess,
  view: NxView,
  io: NxOutputIo = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const terminal = view === 'json' ? null : new TerminalView(io.stdout, view === 'terminal');
  const show = (out: { write(s: string): unknown }) => {
    const replay = new ReplayMarker();
    return (text: string) => {
      const replayed = replay.replayed(text);
      if (terminal) return terminal.line(text, replayed);
      const line = toJsonLine(text);
      if (line !== null) out.write(`${replayed ? markReplayedJson(line) : line}\n`);
    };
  };
  // Ctrl-C on a terminal reaches Nx and its stage too (one process group); they stop on their
  // own (training at a step boundary). genlab stays to show how they ended and exits with Nx,
  // instead of dying first and leaving them writing into a closed pipe. A SIGINT sent to genlab
  // alone (npm passes its own on; `kill -INT`) reaches nothing else: if Nx still runs
  // SIGINT_GRACE_MS later, genlab stops as on SIGTERM, and the stages, which watch its pid,
  // stop at their next step boundary.
  let grace: NodeJS.Timeout | undefined;
  const stay = () => {
    grace ??= setTimeout(() => process.kill(process.pid, 'SIGTERM'), SIGINT_GRACE_MS);
  };
  process.on('SIGINT', stay);
  try {
    const exited = exitCode(child);
    await Promise.all([follow(child.stdout, show(io.stdout)), follow(child.stderr, show(io.stderr))]);
    return await exited;
  } finally {
    clearTimeout(grace);
    terminal?.end();
    process.off('SIGINT', stay);
  }
}

/** How long Nx gets to end after a SIGINT before genlab stops it as on SIGTERM. */
const SIGINT_GRACE_MS = 3000;

function follow(input: Readable | null, onLine: (text: string) => void): Promise<void> {
  if (!input) return Promise.resolve();
  return new Promise((resolve) => {
    const lines = createInterface({ input, crlfDelay: Infinity });
    lines.on('line', onLine);
    lines.on('close', resolve);
  });
}

function exitCode(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    child.on('error', (err) => {
      process.stderr.write(`genlab: could not start Nx: ${err.message}\n`);
      resolve(1);
    });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 + (constants.signals[signal] ?? 0) : 1)));
  });
}
