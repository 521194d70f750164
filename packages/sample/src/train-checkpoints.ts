import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ArtifactError, type UpstreamArtifact } from '@genlab/artifacts';

export function epochName(epoch: number): string {
  return `epoch-${String(epoch).padStart(4, '0')}`;
}

/**
 * The checkpoint folders of a train artifact for `wanted` epochs plus its final epoch, sorted,
 * as {epoch: dir}. An epoch the artifact did not checkpoint is an ArtifactError naming the ones
 * it has.
 */
export function trainCheckpoints(train: UpstreamArtifact, wanted: readonly number[]): { final: number; dirs: Map<number, string> } {
  const r = train.manifest.result as { epochs?: unknown; checkpoints?: unknown };
  const have = Array.isArray(r.checkpoints) ? (r.checkpoints as number[]) : [];
  if (typeof r.epochs !== 'number' || have.length === 0) {
    throw new ArtifactError(train.dir, 'manifest.json result has no epochs or checkpoints; rerun the train stage');
  }
  const final = r.epochs;
  const dirs = new Map<number, string>();
  for (const epoch of [...new Set([...wanted, final])].sort((a, b) => a - b)) {
    const dir = join(train.dir, 'checkpoints', epochName(epoch));
    if (!have.includes(epoch) || !existsSync(dir)) {
      throw new ArtifactError(
        train.dir,
        `no checkpoint of epoch ${epoch} (checkpointed epochs: ${have.join(', ')}); sample.epochs may only name checkpointed epochs (multiples of train.checkpointEvery, or the last)`,
      );
    }
    dirs.set(epoch, dir);
  }
  return { final, dirs };
}
