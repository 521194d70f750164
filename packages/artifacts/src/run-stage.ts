import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { changedPaths } from '@genlab/spec';
import { StageError } from './artifact-error';
import { createLogger } from './logger';
import { MANIFEST_FILE, readManifest, type BackendProvenance, type Manifest, type UpstreamArtifact } from './manifest';
import { acquireStageLock, describeHolder } from './stage-lock';
import { checksumFiles } from './verify-files';
import { runPid, watchRunProcess } from './watch-run-process';
import { pidAlive } from './process-liveness';
import { changedFiles, fileIdentities } from './file-identities';
import { artifactBytes, diskError, isDiskError } from './disk-error';
import { sourceCommit } from './source-commit';
import { commitDir, discardDir, listFiles, makeTempDir, removeStaleTempDirs } from './write-atomically';

export const LOG_FILE = 'log.jsonl';

/** Which stage of which spec, and what of the spec it reads: shared by the runner and the stage. */
export interface StageIdentity<S = unknown> {
  root: string;
  name: string;
  variant: string;
  stage: string;
  /** The whole (frozen) spec of this experiment variant / evaluator / report. Read only your slice. */
  spec: S;
  slice: Record<string, unknown>;
  fingerprint: string;
  seed: number | null;
}

/** What a stage function receives. It writes only into `outDir` (and `workDir` for resumable state). */
export interface StageContext<S = unknown> extends StageIdentity<S> {
  /** Temporary folder, renamed to the artifact folder when the stage returns. */
  outDir: string;
  /** Persistent scratch keyed by fingerprint (train checkpoints for resume); removed on success. */
  workDir: string;
  upstream: Record<string, UpstreamArtifact>;
  log: Logger;
}

export interface StageResult {
  result: Record<string, unknown>;
  backend?: BackendProvenance | null;
}

export interface RunStageOptions<S> extends StageIdentity<S> {
  formatVersion: number;
  /** Final artifact folder (from artifactDir). */
  dir: string;
  /** Upstream artifact folders by stage name; each must hold a valid manifest. */
  upstreamDirs: Record<string, { dir: string; name: string; variant: string; stage: string }>;
  packageVersion: string;
  run: (ctx: StageContext<S>) => Promise<StageResult>;
  /** false: fail at once if another process holds the stage's lock (default: GENLAB_NO_WAIT unset). */
  wait?: boolean;
  /** Artifact folders the stage reads besides `upstreamDirs` (the report reads each variant's data..sample). */
  alsoReads?: { dir: string; name: string; variant: string; stage: string }[];
  /** The epoch a rerun would resume from, read from the work folder (train's checkpoints), for error messages. */
  resumeEpoch?: (workDir: string) => number | null;
}

/** How often a stage is run again when a concurrent Nx restore rewrote its upstream while it ran. */
const MAX_ATTEMPTS = 3;

/** Set by `genlab run --no-wait` / `genlab stage --no-wait` for the stages they start. */
export const NO_WAIT_ENV = 'GENLAB_NO_WAIT';
/** Set by `genlab run` for the stages Nx starts: when the user's command started (ms since epoch). */
export const RUN_STARTED_ENV = 'GENLAB_RUN_STARTED';

/**
 * Runs one stage function with the guarantees of docs/design.md "Artifacts: the stage contract": one process at a time
 * per artifact (a lock a dead holder does not keep), upstream manifests and files checked
 * against their SHA-256 before use, a temp folder renamed into place only on success, a manifest
 * with every file's size and SHA-256, and a log file.
 */
export async function runStage<S>(o: RunStageOptions<S>): Promise<Manifest> {
  try {
    return await runStageGuarded(o);
  } catch (err) {
    if (!isDiskError(err)) throw err;
    // A full, read-only or forbidden disk, from the lock file to the last rename: say where,
    // how much room is left, and that a rerun picks up from what was kept.
    const workDir = stageWorkDir(o.root, o);
    const neededBytes = artifactBytes(readManifestOrNull(o.dir, o.stage)?.checksums);
    throw diskError(err, { ...o, outDir: o.dir, workDir, neededBytes, resumeEpoch: o.resumeEpoch?.(workDir) ?? null });
  }
}

async function runStageGuarded<S>(o: RunStageOptions<S>): Promise<Manifest> {
  const parent = runPid();
  if (parent !== null && !pidAlive(parent)) throw new StageError(`genlab run (pid ${parent}) that started this stage is gone; not starting ${o.stage}`);
  const { log, close: closeLog } = createLogger();
  const wait = o.wait ?? !process.env[NO_WAIT_ENV];
  const lock = await acquireStageLock(o.dir, {
    wait,
    fingerprint: o.fingerprint,
    onWait: (holder) => log.warn(`waiting for the ${o.stage} stage of ${o.name}/${o.variant}: locked by ${describeHolder(holder)}`),
  });
  await closeLog();
  const unwatch = watchRunProcess((pid) => process.stderr.write(`genlab: genlab run (pid ${pid}) is gone; stopping ${o.stage}\n`));
  try {
    for (const d of removeStaleTempDirs(o.dir)) process.stderr.write(`genlab: removed ${d}, left by a process that is gone\n`);
    return await runWhileUpstreamStill(o);
  } finally {
    unwatch();
    lock.release();
  }
}

/**
 * Runs the stage; if its upstream files were rewritten while it ran (a concurrent `genlab run`
 * whose Nx restored them from the cache: remove, then copy), what the stage read may have been
 * half a file, so its output is discarded and it runs again, at most MAX_ATTEMPTS times.
 */
async function runWhileUpstreamStill<S>(o: RunStageOptions<S>): Promise<Manifest> {
  const reads = [...Object.values(o.upstreamDirs), ...(o.alsoReads ?? [])];
  for (let attempt = 1; ; attempt++) {
    const before = fileIdentities(reads.map((r) => r.dir));
    let outcome: { manifest: Manifest } | { err: unknown };
    try {
      outcome = { manifest: await runLocked(o) };
    } catch (err) {
      outcome = { err };
    }
    const changed = changedFiles(before, fileIdentities(reads.map((r) => r.dir)));
    const parent = runPid();
    const stopping = parent !== null && !pidAlive(parent);
    if (changed.length === 0 || attempt >= MAX_ATTEMPTS || stopping) {
      if ('err' in outcome) throw outcome.err;
      if (changed.length > 0) throw new StageError(`upstream files kept changing while ${o.stage} ran (${changed.slice(0, 3).join(', ')}); run it again`);
      return outcome.manifest;
    }
    process.stderr.write(`genlab: ${changed.length} upstream file(s) of ${o.stage} were rewritten while it ran (${changed[0]}; another genlab run restoring them?); running it again\n`);
    await new Promise((r) => setTimeout(r, 500 * attempt));
  }
}

/**
 * `failed.json` in the work folder: how the last run of this stage (at this fingerprint) ended
 * when it failed, `{error, message, at}`, for `genlab ui`. The stage's log went with its temp
 * folder; this line stays until the next run of the stage starts.
 */
export const FAILED_FILE = 'failed.json';

function recordFailure(workDir: string, err: unknown): void {
  const e = err as Error;
  try {
    // The class name (TrainingInterrupted, ArtifactError, ...): several share one `name`.
    const error = e?.constructor?.name && e.constructor.name !== 'Object' ? e.constructor.name : (e?.name ?? 'Error');
    writeFileSync(join(workDir, FAILED_FILE), JSON.stringify({ error, message: String(e?.message ?? err).split('\n')[0], at: new Date().toISOString() }) + '\n');
  } catch {
    // The failure itself is what the caller reports; a full disk must not hide it.
  }
}

/** A stage's persistent scratch (train checkpoints for resume), kept across kills, per fingerprint. */
export function stageWorkDir(root: string, s: { name: string; variant: string; stage: string; fingerprint: string }): string {
  return join(root, 'artifacts', '.work', s.name, s.variant, `${s.stage}-${s.fingerprint}`);
}

async function runLocked<S>(o: RunStageOptions<S>): Promise<Manifest> {
  const upstream: Record<string, UpstreamArtifact> = {};
  for (const [key, u] of Object.entries(o.upstreamDirs)) upstream[key] = readManifest(u.dir, { stage: u.stage, name: u.name, variant: u.variant });
  for (const u of o.alsoReads ?? []) readManifest(u.dir, { stage: u.stage, name: u.name, variant: u.variant });
  const done = alreadyBuilt(o, upstream);
  if (done) return done;
  const outDir = makeTempDir(o.dir);
  const workDir = stageWorkDir(o.root, o);
  mkdirSync(workDir, { recursive: true });
  rmSync(join(workDir, FAILED_FILE), { force: true });
  // One logger, two destinations: the terminal (or JSON lines) and the stage's own log.jsonl.
  const { log: fileLog, close } = createLogger({ file: join(outDir, LOG_FILE) });
  const log = fileLog.child({ stage: o.stage, name: o.name, variant: o.variant });
  logWhy(o, log);
  const source = sourceCommit(o.root);
  const started = Date.now();
  try {
    const { result, backend } = await o.run({ ...o, outDir, workDir, upstream, log });
    const wallTimeSec = (Date.now() - started) / 1000;
    log.info({ wallTimeSec }, `${o.stage} done in ${wallTimeSec.toFixed(1)} s`);
    await close();
    const files = listFiles(outDir).filter((f) => f !== LOG_FILE);
    const manifest: Manifest = {
      stage: o.stage, name: o.name, variant: o.variant, fingerprint: o.fingerprint, formatVersion: o.formatVersion,
      slice: o.slice,
      upstream: Object.fromEntries(Object.entries(upstream).map(([k, u]) => [k, { fingerprint: u.manifest.fingerprint, manifestSha256: u.manifestSha256 }])),
      packageVersion: o.packageVersion, backend: backend ?? null, seed: o.seed, wallTimeSec,
      created: new Date().toISOString(),
      source,
      files,
      checksums: checksumFiles(outDir, files),
      result,
    };
    writeFileSync(join(outDir, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
    commitDir(outDir, o.dir);
    rmSync(workDir, { recursive: true, force: true });
    return manifest;
  } catch (err) {
    try {
      log.error({ err }, `${o.stage} failed: ${(err as Error).message}`);
      await close();
    } catch {
      // The log file's disk may be the full one: the error below says so.
    }
    discardDir(outDir);
    recordFailure(workDir, err);
    throw err;
  }
}

/**
 * The artifact as it is, if another process built it from this very slice and these very
 * upstream artifacts after this command started, and it is intact: what a second `genlab run`
 * finds after waiting for the first one's lock, so every stage trains once. An artifact from
 * before this command is rebuilt (Nx asked for it: its code or inputs changed).
 */
/** The manifest in `dir` as written, unverified, or null. */
function readManifestOrNull(dir: string, stage: string): Manifest | null {
  try {
    return readManifest(dir, { stage }, { verify: false }).manifest;
  } catch {
    return null;
  }
}

function alreadyBuilt<S>(o: RunStageOptions<S>, upstream: Record<string, UpstreamArtifact>): Manifest | null {
  if (!existsSync(join(o.dir, MANIFEST_FILE))) return null;
  let m: Manifest;
  try {
    m = readManifest(o.dir, { stage: o.stage, name: o.name, variant: o.variant }).manifest;
  } catch {
    return null;
  }
  const sameUpstream = Object.keys(upstream).length === Object.keys(m.upstream).length
    && Object.entries(upstream).every(([k, u]) => m.upstream[k]?.manifestSha256 === u.manifestSha256);
  const commandStarted = Number(process.env[RUN_STARTED_ENV]) || Date.now() - process.uptime() * 1000;
  const builtMeanwhile = Date.parse(m.created) >= commandStarted;
  if (!builtMeanwhile || m.fingerprint !== o.fingerprint || m.formatVersion !== o.formatVersion || m.packageVersion !== o.packageVersion || !sameUpstream) return null;
  process.stderr.write(`genlab: ${o.stage} of ${o.name}/${o.variant} is already built from these inputs (${o.dir}); not rebuilding\n`);
  return m;
}

/** Says why the stage runs: first run, or which slice fields / upstream artifacts changed. */
function logWhy<S>(o: RunStageOptions<S>, log: Logger): void {
  if (!existsSync(join(o.dir, MANIFEST_FILE))) return log.info(`running ${o.stage}: no previous artifact`);
  try {
    const prev = readManifest(o.dir, { stage: o.stage }, { verify: false }).manifest;
    const fields = changedPaths(prev.slice, o.slice);
    log.info({ changed: fields }, `running ${o.stage}: ${fields.length > 0 ? `changed ${fields.join(', ')}` : 'upstream artifacts or code changed'}`);
  } catch {
    log.info(`running ${o.stage}: previous artifact unreadable`);
  }
}
