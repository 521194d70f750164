import { changedPaths, stageCodeHash, type ExperimentSpec, type Stage, type Workspace } from '@genlab/spec';
import { continuationOf, otherTrainingCode } from '@genlab/train/continuation-rule';
import { resolveStage, type ResolvedStage } from '../resolve-stage';
import { NxCacheIndex, nxCacheDirectory } from './nx-cache-index';
import { readManifestRef, type ManifestRef } from './stage-manifest';

export interface StageRef {
  stage: Stage;
  name: string;
  variant?: string;
}

/** What `genlab run` would do with one stage, and why. */
export interface PlannedStage {
  stage: Stage;
  name: string;
  variant: string;
  action: 'run' | 'restore';
  /** Why it runs (first run, changed fields, code changed, upstream runs / changed) or is restored. */
  reason: string;
  /** Changed spec fields by dotted path, when that is the reason. */
  changed: string[];
  /** Train only: the epochs of the artifact it will continue (raising train.epochs). */
  continuesFrom: number | null;
  resolved: ResolvedStage;
  /** The artifact on disk now (for estimates), or null. */
  onDisk: ManifestRef | null;
  /** The manifest that will be in place after a restore (its hash is what downstream checks). */
  restored: ManifestRef | null;
}

/**
 * Decides, without running anything, which stages of the given targets (and everything they
 * depend on) Nx would run and which it would restore. Mirrors the stage's Nx inputs: a cached
 * task is one whose fingerprint, code and upstream manifests are those of an entry in Nx's
 * cache; anything upstream that runs makes new manifests, so what depends on it runs too.
 */
export function planStages(ws: Workspace, targets: StageRef[]): PlannedStage[] {
  const cache = new NxCacheIndex(nxCacheDirectory(ws.root));
  const planned = new Map<string, PlannedStage>();
  const order: PlannedStage[] = [];
  const visit = (ref: { stage: Stage; name: string; variant?: string }): PlannedStage => {
    const resolved = resolveStage(ws, ref.stage, ref.name, ref.variant);
    const key = `${resolved.name}/${resolved.variant}/${resolved.stage}`;
    const done = planned.get(key);
    if (done) return done;
    const upstream = Object.entries(resolved.upstreamDirs).map(
      ([k, u]) => [k, visit({ stage: u.stage as Stage, name: u.name, variant: u.variant })] as const,
    );
    const plan = decide(resolved, upstream, cache);
    planned.set(key, plan);
    order.push(plan);
    return plan;
  };
  for (const t of targets) visit(t);
  return order;
}

function decide(r: ResolvedStage, upstream: (readonly [string, PlannedStage])[], cache: NxCacheIndex): PlannedStage {
  const onDisk = readManifestRef(r.dir);
  const code = stageCodeHash(r.stage);
  const base = {
    stage: r.stage,
    name: r.name,
    variant: r.variant,
    resolved: r,
    onDisk,
    changed: [] as string[],
    continuesFrom: null,
    restored: null,
  };
  const changed = onDisk && onDisk.manifest.fingerprint !== r.fingerprint ? changedPaths(onDisk.manifest.slice, r.slice) : [];
  const running = upstream.filter(([, p]) => p.action === 'run');
  if (running.length > 0) {
    const ups = running.map(([, p]) =>
      p.name === r.name && p.variant === r.variant ? p.stage : `${p.variant === 'default' ? p.name : `${p.name}/${p.variant}`} ${p.stage}`,
    );
    const reason = `upstream ${[...new Set(ups)].join(', ')} runs${changed.length ? `; changed ${changed.join(', ')}` : ''}`;
    const kept = keptEpochs(r, onDisk);
    if (kept !== null)
      return {
        ...base,
        action: 'run',
        reason: `${reason} (keeps its ${kept} epochs if they rebuild the same files)`,
        changed,
        continuesFrom: kept,
      };
    return { ...base, action: 'run', reason, changed };
  }
  const upstreamSha = Object.fromEntries(upstream.map(([k, p]) => [k, p.restored?.sha256 ?? '']));
  const matches = (m: ManifestRef) =>
    m.manifest.fingerprint === r.fingerprint &&
    Object.entries(upstreamSha).every(([k, sha]) => m.manifest.upstream?.[k]?.manifestSha256 === sha) &&
    // Manifests written before code hashes were recorded cannot tell; Nx's hash decides then.
    (m.manifest.result?.codeHash === undefined || m.manifest.result.codeHash === code);
  const hit = cache.manifests(r.name, r.variant, r.stage).find(matches);
  if (hit) {
    const reason = onDisk && matches(onDisk) ? 'unchanged' : 'an earlier run of this configuration is in the Nx cache';
    return { ...base, action: 'restore', reason, restored: onDisk && matches(onDisk) ? onDisk : hit };
  }
  return { ...base, action: 'run', ...whyRun(r, onDisk, changed, upstreamSha, code) };
}

function whyRun(
  r: ResolvedStage,
  onDisk: ManifestRef | null,
  changed: string[],
  upstreamSha: Record<string, string>,
  code: string,
): { reason: string; changed: string[]; continuesFrom: number | null } {
  if (!onDisk) return { reason: 'first run (no artifact yet)', changed: [], continuesFrom: null };
  if (changed.length > 0) {
    let continuesFrom: number | null = null;
    let note = '';
    if (r.stage === 'train') {
      const spec = r.spec as ExperimentSpec;
      const same = (k: string) => onDisk.manifest.upstream?.[k]?.manifestSha256 === upstreamSha[k];
      if (continuationOf(onDisk.manifest, r.slice, spec, same) === null) {
        continuesFrom = (onDisk.manifest.slice as { train: { epochs: number } }).train.epochs;
        note = otherTrainingCode(onDisk.manifest, code) ? ', trained by other code' : '';
      }
    }
    return {
      reason: `changed ${changed.join(', ')}${continuesFrom !== null ? ` (continues from epoch ${continuesFrom}${note})` : ''}`,
      changed,
      continuesFrom,
    };
  }
  const moved = Object.entries(upstreamSha)
    .filter(([k, sha]) => onDisk.manifest.upstream?.[k]?.manifestSha256 !== sha)
    .map(([k]) => k);
  if (moved.length > 0) return { reason: `upstream ${moved.join(', ')} changed`, changed: [], continuesFrom: null };
  const recorded = onDisk.manifest.result?.codeHash;
  const kept = keptEpochs(r, onDisk);
  if (recorded !== undefined && recorded !== code)
    return { reason: `code changed${kept !== null ? ` (keeps its ${kept} epochs)` : ''}`, changed: [], continuesFrom: kept };
  return { reason: 'not in the Nx cache (code, tfjs or the cache itself changed)', changed: [], continuesFrom: null };
}

/** A train artifact of the same configuration is kept when its stage reruns (continuation-rule.ts): its epochs. */
function keptEpochs(r: ResolvedStage, onDisk: ManifestRef | null): number | null {
  if (r.stage !== 'train' || !onDisk || onDisk.manifest.fingerprint !== r.fingerprint) return null;
  if (onDisk.manifest.result?.codeHash === stageCodeHash('train')) return null;
  return (onDisk.manifest.slice as { train: { epochs: number } }).train.epochs;
}
