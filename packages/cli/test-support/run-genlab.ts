import { main } from '../src/main';

// Test support: `genlab <argv>` run in this process, in `cwd`, as bin/genlab.cjs runs it, with
// what it prints captured (faster than a child process; tests of signals and exits spawn one).

export interface GenlabRun {
  code: number;
  out: string;
  err: string;
}

export async function runGenlab(argv: string[], cwd: string): Promise<GenlabRun> {
  let out = '';
  let err = '';
  const code = await main(argv, { cwd, out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}
