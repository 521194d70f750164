import type { VariantArtifacts } from './variant-artifacts';

// Paper figures 1 and 2 ask for epochs 10, 20 and 50; a run may stop before 50 (a GAN trained
// for as long as the machine allowed). The figure then shows what exists, ending with the last
// trained epoch, and says where training stopped instead of silently dropping a panel.

export interface FigureEpochs {
  /** Epochs to show, ascending. */
  epochs: number[];
  /** Requested epochs past the end of training. */
  notReached: number[];
  /** Requested epochs that were trained but have no grid / map (not checkpointed or not sampled). */
  notAvailable: number[];
  /** The last trained epoch (train manifest result.epochs), when known. */
  finalEpoch?: number;
}

export function finalEpochOf(v: VariantArtifacts): number | undefined {
  // Imported samples (no train) are from the epoch samples.epoch declares, which the sample stage records.
  const e = v.stages.train
    ? (v.stages.train.manifest.result as { epochs?: unknown }).epochs
    : (v.stages.sample.manifest.result as { finalEpoch?: unknown }).finalEpoch;
  return typeof e === 'number' ? e : undefined;
}

/**
 * `requested` empty = every available epoch. Otherwise the requested epochs that exist, plus the
 * final epoch when some requested ones lie beyond it (so the figure ends where training ended).
 */
export function figureEpochs(requested: readonly number[], available: readonly number[], finalEpoch?: number): FigureEpochs {
  if (requested.length === 0) return { epochs: [...available], notReached: [], notAvailable: [], finalEpoch };
  const notReached = finalEpoch === undefined ? [] : requested.filter((e) => e > finalEpoch);
  const notAvailable = requested.filter((e) => !available.includes(e) && !notReached.includes(e));
  const epochs = requested.filter((e) => available.includes(e));
  if (notReached.length > 0 && finalEpoch !== undefined && available.includes(finalEpoch) && !epochs.includes(finalEpoch))
    epochs.push(finalEpoch);
  return { epochs: epochs.sort((a, b) => a - b), notReached, notAvailable, finalEpoch };
}

/** " (training stopped at epoch 30; epoch 50 not reached)", or '' when every requested epoch was reached. */
export function stoppedNote(f: FigureEpochs): string {
  if (f.notReached.length === 0) return '';
  return ` (training stopped at epoch ${f.finalEpoch}; epoch ${f.notReached.join(', ')} not reached)`;
}

/** The warnings for a figure's missing epochs, naming where training stopped. */
export function epochWarnings(key: string, what: string, f: FigureEpochs, have: readonly number[]): string[] {
  const out: string[] = [];
  if (f.notReached.length > 0)
    out.push(
      `${key}: training ended at epoch ${f.finalEpoch}, so epoch ${f.notReached.join(', ')} of the ${what} was never reached; the figure ends at epoch ${f.finalEpoch}.`,
    );
  if (f.notAvailable.length > 0)
    out.push(`${key}: no ${what} for epoch ${f.notAvailable.join(', ')} (the artifact has ${have.join(', ') || 'none'}).`);
  return out;
}
