// Runs the agreement steps on two backends, each in a child process, and compares the losses:
// what `genlab setup` requires of a TensorFlow binding before `auto` may use it.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { BackendChoice } from '@genlab/backend';
import { maxRelativeDifference } from '@genlab/train/bench/agreement-tolerance';
import { AGREEMENT_PREFIX, type AgreementResult } from './agreement-child';

export interface ChildRun {
  result?: AgreementResult;
  /** Why there is no result: the child's last error line and exit code. */
  error?: string;
  stderr: string;
}

const CHILD = join(__dirname, 'agreement-child.ts');

/** One backend's agreement steps in a fresh process (GENLAB_BACKEND cleared, so `backend` rules). */
export function runAgreement(backend: BackendChoice, opts: { bench?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<ChildRun> {
  const code = `require('tsx/cjs/api').register(); require(${JSON.stringify(CHILD)}).runAgreementChild(${JSON.stringify(backend)}, ${Boolean(opts.bench)}).catch((e) => { console.error('Error: ' + e.message); process.exit(1); });`;
  const env = { ...process.env, ...opts.env };
  delete env.GENLAB_BACKEND;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', code], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status, signal) => {
      const line = stdout.split('\n').find((l) => l.startsWith(AGREEMENT_PREFIX));
      if (status === 0 && line) return resolve({ result: JSON.parse(line.slice(AGREEMENT_PREFIX.length)) as AgreementResult, stderr });
      const last =
        stderr
          .trim()
          .split('\n')
          .filter((l) => /error/i.test(l))
          .at(-1) ??
        stderr.trim().split('\n').at(-1) ??
        '';
      resolve({ error: `${backend} steps failed (${signal ?? `exit ${status}`}): ${last.trim()}`, stderr });
    });
  });
}

export interface Agreement {
  maxRelativeDifference: number;
  perModel: { gan: number; vae: number };
}

/** How far the candidate's losses are from the reference's, per model and overall. */
export function compareRuns(candidate: AgreementResult, reference: AgreementResult): Agreement {
  const perModel = {
    gan: maxRelativeDifference(candidate.losses.gan, reference.losses.gan),
    vae: maxRelativeDifference(candidate.losses.vae, reference.losses.vae),
  };
  return { perModel, maxRelativeDifference: Math.max(perModel.gan, perModel.vae) };
}
