import { closeSync, existsSync, fstatSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { FAILED_FILE, liveLockHolder, lockWaiters, readManifest, stageWorkDir, type LockHolder, type Manifest } from '@genlab/artifacts';
import {
  EXPERIMENT_STAGES,
  SpecError,
  artifactDir,
  changedPaths,
  experimentSlice,
  fingerprint,
  formatIssue,
  loadWorkspace,
  reportSlice,
  type ExperimentStage,
} from '@genlab/spec';
import { readKeyMetrics } from './key-metrics';
import { isRunName, loadComparedRun, variantsWithArtifacts } from './compared-run';
import { readJsonObject } from './read-json-object';

/** What the runs page shows of one stage of one variant. */
export interface StageState {
  stage: ExperimentStage;
  state: 'done' | 'stale' | 'running' | 'waiting' | 'stopped' | 'failed' | 'missing';
  /** stale: the changed fields; running/stopped train: epochs and ETA; waiting: who holds the lock; failed: the error line. */
  detail: string;
}

/** Training progress of a train stage under way or stopped (from its work folder). */
export interface TrainProgressState {
  epochsDone: number;
  epochs: number;
  /** Seconds left at the mean epoch time so far; null before the first epoch ends or when not running. */
  etaSec: number | null;
  /** Steps done of the epoch under way (0 between epochs). */
  stepInEpoch: number;
  /** Steps in an epoch, once one has ended. */
  stepsPerEpoch: number | null;
}

export interface RunRow {
  /** `<experiment>/<variant>` */
  key: string;
  experiment: string;
  variant: string;
  description: string;
  kind: string;
  /** The sweep values of this variant by dotted path (empty without a sweep). */
  swept: Record<string, string | number | boolean>;
  stages: StageState[];
  train: TrainProgressState | null;
  /** KEY_METRICS of the evaluate artifact when it is current, else all null. */
  metrics: Record<string, number | null>;
}

export interface ReportRow {
  name: string;
  title: string;
  description: string;
  state: 'done' | 'stale' | 'missing';
  experiments: string[];
}

export interface RunsSnapshot {
  runs: RunRow[];
  reports: ReportRow[];
  /** The specs do not load (a YAML being edited): every problem as file:line:col. */
  specError: string | null;
}

/** The state of every experiment variant and report in the workspace, read only. */
export function readRuns(root: string): RunsSnapshot {
  let ws;
  try {
    ws = loadWorkspace(root);
  } catch (err) {
    if (err instanceof SpecError) return { runs: [], reports: [], specError: err.issues.map(formatIssue).join('\n') };
    throw err;
  }
  const runs = ws.experiments.flatMap((e) =>
    e.variants.map((v): RunRow => {
      const stages = EXPERIMENT_STAGES.map((stage) =>
        stageState(root, e.spec.name, v.name, stage, experimentSlice(v.spec, stage), v.spec.train.epochs),
      );
      const evaluate = stages.find((s) => s.stage === 'evaluate')!;
      const metrics =
        evaluate.state === 'done'
          ? readJsonObject(join(artifactDir(root, e.spec.name, v.name, 'evaluate'), 'metrics.json'))?.metrics
          : undefined;
      return {
        key: `${e.spec.name}/${v.name}`,
        experiment: e.spec.name,
        variant: v.name,
        description: e.spec.description ?? '',
        kind: v.spec.samples ? 'imported' : v.spec.model.kind,
        swept: v.overrides,
        stages,
        train: trainProgress(root, e.spec.name, v.name, experimentSlice(v.spec, 'train'), v.spec.train.epochs),
        metrics: readKeyMetrics(metrics),
      };
    }),
  );
  runs.push(
    ...runsWithoutSpec(root, new Set(runs.map((r) => r.experiment)), new Set([...ws.evaluators, ...ws.reports].map((x) => x.spec.name))),
  );
  const reports = ws.reports.map((r): ReportRow => {
    const dir = artifactDir(root, r.spec.name, 'default', 'report');
    const m = manifestOrNull(dir, 'report', r.spec.name, 'default');
    const state = m === null ? 'missing' : m.fingerprint === fingerprint('report', reportSlice(r.spec)) ? 'done' : 'stale';
    return { name: r.spec.name, title: r.spec.title, description: r.spec.description ?? '', state, experiments: [...r.spec.experiments] };
  });
  return { runs, reports, specError: null };
}

/**
 * Variants that have artifacts but no spec in experiments/ any more (renamed, removed, or
 * brought from elsewhere): still listed, and comparable, with what their artifacts hold.
 */
function runsWithoutSpec(root: string, withSpec: Set<string>, otherSpecs: Set<string>): RunRow[] {
  const dir = join(root, 'artifacts');
  if (!existsSync(dir)) return [];
  const names = readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && isRunName(d.name) && !withSpec.has(d.name) && !otherSpecs.has(d.name))
    .map((d) => d.name)
    .sort();
  return names.flatMap((name) =>
    variantsWithArtifacts(join(dir, name)).flatMap((variant): RunRow[] => {
      const manifests = EXPERIMENT_STAGES.map((stage) => manifestOrNull(artifactDir(root, name, variant, stage), stage, name, variant));
      if (manifests.every((m) => m === null)) return [];
      const run = loadComparedRun(root, name, variant);
      return [
        {
          key: run.key,
          experiment: name,
          variant,
          description: '(no spec in experiments/: its artifacts as they are)',
          kind: run.kind ?? '?',
          swept: {},
          stages: EXPERIMENT_STAGES.map((stage, i) => ({
            stage,
            state: manifests[i] ? 'done' : 'missing',
            detail: manifests[i] ? 'no spec' : '',
          })),
          train: null,
          metrics: run.metrics,
        },
      ];
    }),
  );
}

function stageState(
  root: string,
  name: string,
  variant: string,
  stage: ExperimentStage,
  slice: Record<string, unknown>,
  epochs: number,
): StageState {
  const fp = fingerprint(stage, slice);
  const dir = artifactDir(root, name, variant, stage);
  const m = manifestOrNull(dir, stage, name, variant);
  if (m?.fingerprint === fp) return { stage, state: 'done', detail: '' };
  const work = stageWorkDir(root, { name, variant, stage, fingerprint: fp });
  const progress = stage === 'train' ? trainProgress(root, name, variant, slice, epochs) : null;
  const stepText =
    progress && progress.stepInEpoch > 0
      ? `, step ${progress.stepInEpoch}${progress.stepsPerEpoch ? `/${progress.stepsPerEpoch}` : ''} of epoch ${progress.epochsDone + 1}`
      : '';
  const epochText = progress ? `${progress.epochsDone}/${progress.epochs} epochs${stepText}` : '';
  const holder = liveLockHolder(dir);
  // Another genlab process waits for this stage's lock (a second `genlab run`, or one whose spec changed meanwhile).
  const waiters = holder ? lockWaiters(dir).filter((w) => w.fingerprint === undefined || w.fingerprint === fp) : [];
  if (holder !== null && (holder.fingerprint === undefined || holder.fingerprint === fp)) {
    const eta = progress?.etaSec != null ? `, ETA ${formatEta(progress.etaSec)}` : '';
    const queued = waiters.length > 0 ? `${progress ? '; ' : ''}${waiters.length} more waiting on its lock` : '';
    return { stage, state: 'running', detail: `${progress ? `${epochText}${eta}` : ''}${queued}` };
  }
  // The lock holder computes another configuration of this stage (the spec changed since it started).
  if (holder !== null && waiters.length > 0)
    return {
      stage,
      state: 'waiting',
      detail: `on the lock of ${who(holder)}, which runs an earlier configuration (${holder.fingerprint})`,
    };
  const failed = readJsonObject(join(work, FAILED_FILE));
  // A training stopped by a signal or a kill is not a failure: it resumes (below).
  if (failed && typeof failed.message === 'string' && failed.error !== 'TrainingInterrupted')
    return { stage, state: 'failed', detail: `${String(failed.error ?? 'Error')}: ${failed.message}` };
  // It resumes from a checkpoint, not mid-epoch: the epochs alone.
  if (progress && progress.epochsDone > 0)
    return { stage, state: 'stopped', detail: `${progress.epochsDone}/${progress.epochs} epochs; genlab run resumes it` };
  if (m !== null) return { stage, state: 'stale', detail: `changed ${changedPaths(m.slice, slice).join(', ') || 'format or upstream'}` };
  return { stage, state: 'missing', detail: '' };
}

/**
 * Epochs in the work folder's losses.jsonl (a run under way or stopped) and the step the run is
 * at (the last line of step-losses.jsonl); null when it has neither.
 */
function trainProgress(
  root: string,
  name: string,
  variant: string,
  slice: Record<string, unknown>,
  epochs: number,
): TrainProgressState | null {
  const work = stageWorkDir(root, { name, variant, stage: 'train', fingerprint: fingerprint('train', slice) });
  const rows = lossRows(join(work, 'losses.jsonl'));
  const running = liveLockHolder(artifactDir(root, name, variant, 'train')) !== null;
  const lastStep = lastLineStep(join(work, STEP_LOSSES_FILE));
  const doneSteps = rows.length > 0 && typeof rows[rows.length - 1].step === 'number' ? (rows[rows.length - 1].step as number) : 0;
  const stepsPerEpoch = typeof rows[0]?.steps === 'number' ? (rows[0].steps as number) : null;
  // Steps of the epoch under way (0 between epochs, or when the step file is missing).
  const stepInEpoch = lastStep !== null && lastStep > doneSteps ? lastStep - doneSteps : 0;
  if (rows.length === 0 && stepInEpoch === 0)
    return existsSync(work) && running ? { epochsDone: 0, epochs, etaSec: null, stepInEpoch: 0, stepsPerEpoch } : null;
  const secs = rows.map((r) => (typeof r.seconds === 'number' ? r.seconds : NaN)).filter(Number.isFinite);
  const mean = secs.length > 0 ? secs.reduce((a, b) => a + b, 0) / secs.length : null;
  const left = epochs - rows.length - (stepsPerEpoch ? Math.min(1, stepInEpoch / stepsPerEpoch) : 0);
  return {
    epochsDone: rows.length,
    epochs,
    etaSec: running && mean !== null ? Math.max(0, left * mean) : null,
    stepInEpoch,
    stepsPerEpoch,
  };
}

/** The train stage's per-step loss file (packages/train work-folder.ts). */
const STEP_LOSSES_FILE = 'step-losses.jsonl';

/** The `step` of the last complete line of a JSON-lines file, reading only its end (the file grows to megabytes). */
function lastLineStep(file: string): number | null {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return null;
  }
  try {
    const size = fstatSync(fd).size;
    const buf = Buffer.alloc(Math.min(size, 4096));
    readSync(fd, buf, 0, buf.length, size - buf.length);
    const text = buf.toString('utf8');
    const lines = text.slice(0, text.lastIndexOf('\n')).split('\n');
    const step = (JSON.parse(lines[lines.length - 1]) as { step?: unknown }).step;
    return typeof step === 'number' ? step : null;
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

export function lossRows(file: string): Record<string, unknown>[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  // A line still being appended (no newline yet) is left for the next read.
  const complete = text.slice(0, text.lastIndexOf('\n') + 1);
  return complete
    .split('\n')
    .filter((l) => l.trim() !== '')
    .flatMap((l) => {
      try {
        return [JSON.parse(l) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
}

function manifestOrNull(dir: string, stage: string, name: string, variant: string): Manifest | null {
  try {
    return readManifest(dir, { stage, name, variant }, { verify: false }).manifest;
  } catch {
    return null;
  }
}

/** A lock holder in a line: pid, host and since when. */
function who(h: LockHolder): string {
  return `pid ${h.pid} on ${h.host} since ${h.since.slice(11, 19)}`;
}

export function formatEta(sec: number): string {
  const s = Math.round(sec);
  return s >= 3600
    ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`
    : s >= 60
      ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`
      : `${s}s`;
}
