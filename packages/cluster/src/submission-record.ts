import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StudyPlan } from './study-plan';

export const SUBMISSION_FILE = 'submission.json';

/** What `genlab submit` did, kept in the submission's folder for `genlab list` and `--cancel`. */
export interface SubmissionRecord {
  name: string;
  created: string;
  submittedAs: string;
  /** The array job's id; its tasks are `<arrayJob>_<i>`. */
  arrayJob: string;
  reportJob: string;
  shards: number;
  sharing: string;
  /** The exact Slurm commands run, in order. */
  commands: string[];
  plan: StudyPlan;
}

/** artifacts/.submit/: one folder per study, one per submission inside it. */
export const submitRoot = (root: string) => join(root, 'artifacts', '.submit');

/** A new submission folder's name: the UTC time, file-name safe, sortable. */
export function submissionFolderName(now = new Date()): string {
  return now
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-');
}

export function writeSubmissionRecord(dir: string, rec: SubmissionRecord): void {
  const tmp = join(dir, `.${SUBMISSION_FILE}.tmp-${process.pid}`);
  writeFileSync(tmp, `${JSON.stringify(rec, null, 2)}\n`);
  renameSync(tmp, join(dir, SUBMISSION_FILE));
}

/** Every recorded submission, oldest first, with its folder; `name` keeps one study's. */
export function readSubmissions(root: string, name?: string): { dir: string; record: SubmissionRecord }[] {
  const base = submitRoot(root);
  if (!existsSync(base)) return [];
  const studies = name !== undefined ? [name] : readdirSync(base).sort();
  const found: { dir: string; record: SubmissionRecord }[] = [];
  for (const study of studies) {
    const sdir = join(base, study);
    if (!existsSync(sdir)) continue;
    for (const t of readdirSync(sdir)
      .filter((d) => !d.startsWith('.'))
      .sort()) {
      const file = join(sdir, t, SUBMISSION_FILE);
      if (existsSync(file)) found.push({ dir: join(sdir, t), record: JSON.parse(readFileSync(file, 'utf8')) as SubmissionRecord });
    }
  }
  return found;
}
