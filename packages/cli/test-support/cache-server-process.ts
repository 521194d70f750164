import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './temp-workspace';

export const GENLAB_BIN = join(REPO_ROOT, 'packages', 'cli', 'bin', 'genlab.cjs');

/** One JSON log line of the server (pino). */
export interface ServerLogLine {
  msg?: string;
  url?: string;
  req?: { method: string; url: string };
  res?: { statusCode: number };
}

export interface CacheServerProcess {
  child: ChildProcess;
  url: string;
  /** Every log line so far, in order. */
  log: ServerLogLine[];
}

/**
 * `genlab cache serve` as its own process on a free loopback port. Its own process, because the
 * CLI drives Nx (and its cache probe) synchronously: a server in the test's process could not
 * answer while a run waits on it.
 */
export async function startCacheServerProcess(
  dir: string,
  tokens: { read?: string; write?: string },
  extraArgs: string[] = [],
): Promise<CacheServerProcess> {
  const child = spawn(process.execPath, [GENLAB_BIN, 'cache', 'serve', '--dir', dir, '--port', '0', ...extraArgs], {
    env: { ...process.env, GENLAB_CACHE_READ_TOKENS: tokens.read ?? '', GENLAB_CACHE_WRITE_TOKENS: tokens.write ?? '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const log: ServerLogLine[] = [];
  let buf = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`genlab cache serve exited with ${code} before listening`)));
    child.stdout!.on('data', (c: Buffer) => {
      buf += c;
      const lines = buf.split('\n');
      buf = lines.pop()!;
      for (const l of lines) {
        const line = JSON.parse(l) as ServerLogLine;
        log.push(line);
        if (line.msg === 'listening') resolve(line.url!);
      }
    });
  });
  return { child, url, log };
}
