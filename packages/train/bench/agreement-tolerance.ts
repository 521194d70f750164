// How many steps the agreement check trains (agreement-steps.ts) and how close two backends' losses
// must stay; no imports, so the CLI can read them without loading tfjs.

export const AGREEMENT_STEPS = 20;
export const AGREEMENT_BATCH = 8;
/**
 * Largest relative loss difference two backends may show over those steps: float sums in another
 * order, carried on by Adam's normalised steps. Native against wasm measured 1.4e-4 (GAN) and
 * 2.5e-3 (VAE) at batch 8; src/native-training.test.ts holds native to this same bound.
 */
export const AGREEMENT_TOLERANCE = 1e-2;

/** Largest |a - b| / max(1, |b|) over every loss of every step; Infinity when a is not finite. */
export function maxRelativeDifference(a: number[][], b: number[][]): number {
  if (a.length !== b.length) throw new RangeError(`maxRelativeDifference: ${a.length} steps against ${b.length}`);
  return Math.max(
    ...a.flatMap((row, i) =>
      row.map((v, j) => (Number.isFinite(v) ? Math.abs(v - b[i]![j]!) / Math.max(1, Math.abs(b[i]![j]!)) : Infinity)),
    ),
  );
}
