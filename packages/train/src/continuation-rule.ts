import type { Manifest } from '@genlab/artifacts';
import { changedPaths, type ExperimentSpec } from '@genlab/spec';

// The rule of continuation.ts on its own, free of tfjs, so `genlab run --dry-run` can say that a
// train stage will continue rather than start over without loading the training code.

/** Why an existing artifact can or cannot be continued; `null` reason = it can. */
export function continuationOf(prev: Manifest, slice: Record<string, unknown>, spec: ExperimentSpec, upstream: Record<string, string>, codeHash: string): string | null {
  const changed = changedPaths(prev.slice, slice);
  if (changed.length !== 1 || changed[0] !== 'train.epochs') return `changed ${changed.join(', ') || 'nothing in the slice'}`;
  const prevEpochs = (prev.slice as { train: { epochs: number } }).train.epochs;
  if (!(prevEpochs < spec.train.epochs)) return `it has ${prevEpochs} epochs, not fewer than ${spec.train.epochs}`;
  for (const [k, sha] of Object.entries(upstream)) if (prev.upstream[k]?.manifestSha256 !== sha) return `its ${k} artifact differs`;
  if (prev.result.codeHash !== codeHash) return 'the training code changed';
  return null;
}
