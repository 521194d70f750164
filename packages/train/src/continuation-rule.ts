import type { Manifest } from '@genlab/artifacts';
import { changedPaths, type ExperimentSpec } from '@genlab/spec';

// The rule of continuation.ts on its own, free of tfjs, so `genlab run --dry-run` can say that a
// train stage will continue rather than start over without loading the training code.

/**
 * Why an existing artifact can or cannot be continued; `null` reason = it can: only
 * train.epochs grew, or nothing in the slice changed (then it is kept as it is). `sameUpstream`
 * says whether this run's data or model artifact holds what the previous run trained on.
 * Other training code does not stop a continuation (a kernel speed-up should not cost hours of
 * retraining): the run says so and records both code hashes (continuation.ts).
 */
export function continuationOf(
  prev: Manifest,
  slice: Record<string, unknown>,
  spec: ExperimentSpec,
  sameUpstream: (stage: string) => boolean,
): string | null {
  const changed = changedPaths(prev.slice, slice);
  // Nothing changed: the stage reruns because code did, and the finished artifact is kept (a
  // continuation of no epochs), for the same reason a longer schedule continues it.
  if (changed.length > 0) {
    if (changed.length !== 1 || changed[0] !== 'train.epochs') return `changed ${changed.join(', ')}`;
    const prevEpochs = (prev.slice as { train: { epochs: number } }).train.epochs;
    if (!(prevEpochs < spec.train.epochs)) return `it has ${prevEpochs} epochs, not fewer than ${spec.train.epochs}`;
  }
  for (const k of Object.keys(prev.upstream)) if (!sameUpstream(k)) return `its ${k} artifact differs`;
  return null;
}

/** The code hash the previous artifact was trained with, when it is not `codeHash`. */
export function otherTrainingCode(prev: Manifest, codeHash: string): string | null {
  const recorded = prev.result.codeHash;
  return typeof recorded === 'string' && recorded !== codeHash ? recorded : null;
}
