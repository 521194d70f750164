import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { changedPaths } from '@genlab/spec';
import { createLogger } from './logger';
import { MANIFEST_FILE, readManifest, type BackendProvenance, type Manifest, type UpstreamArtifact } from './manifest';
import { sourceCommit } from './source-commit';
import { commitDir, discardDir, listFiles, makeTempDir } from './write-atomically';

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
}

/**
 * Runs one stage function with the guarantees of DESIGN.md "Artifacts": checked upstream
 * manifests, a temp folder renamed into place only on success, a manifest and a log file.
 */
export async function runStage<S>(o: RunStageOptions<S>): Promise<Manifest> {
  const upstream: Record<string, UpstreamArtifact> = {};
  for (const [key, u] of Object.entries(o.upstreamDirs)) upstream[key] = readManifest(u.dir, { stage: u.stage, name: u.name, variant: u.variant });
  const outDir = makeTempDir(o.dir);
  const workDir = join(o.root, 'artifacts', '.work', o.name, o.variant, `${o.stage}-${o.fingerprint}`);
  mkdirSync(workDir, { recursive: true });
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
    const manifest: Manifest = {
      stage: o.stage, name: o.name, variant: o.variant, fingerprint: o.fingerprint, formatVersion: o.formatVersion,
      slice: o.slice,
      upstream: Object.fromEntries(Object.entries(upstream).map(([k, u]) => [k, { fingerprint: u.manifest.fingerprint, manifestSha256: u.manifestSha256 }])),
      packageVersion: o.packageVersion, backend: backend ?? null, seed: o.seed, wallTimeSec,
      created: new Date().toISOString(),
      source,
      files: listFiles(outDir).filter((f) => f !== LOG_FILE),
      result,
    };
    writeFileSync(join(outDir, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
    commitDir(outDir, o.dir);
    rmSync(workDir, { recursive: true, force: true });
    return manifest;
  } catch (err) {
    log.error({ err }, `${o.stage} failed: ${(err as Error).message}`);
    await close();
    discardDir(outDir);
    throw err;
  }
}

/** Says why the stage runs: first run, or which slice fields / upstream artifacts changed. */
function logWhy<S>(o: RunStageOptions<S>, log: Logger): void {
  if (!existsSync(join(o.dir, MANIFEST_FILE))) return log.info(`running ${o.stage}: no previous artifact`);
  try {
    const prev = readManifest(o.dir, { stage: o.stage }).manifest;
    const fields = changedPaths(prev.slice, o.slice);
    log.info({ changed: fields }, `running ${o.stage}: ${fields.length > 0 ? `changed ${fields.join(', ')}` : 'upstream artifacts or code changed'}`);
  } catch {
    log.info(`running ${o.stage}: previous artifact unreadable`);
  }
}
