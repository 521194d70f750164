import type { Verdict } from './claims-table';
import type { VariantArtifacts } from './variant-artifacts';

// The three kinds of claim in the paper-claims table, by what a claim is judged on: a GAN/VAE
// pair (one row per pair, judged over seeds where pairs differ only by seed), a VAE alone (the
// GAN has no encoder), or the latent sweeps of both kinds. Members that take a claim's own
// number type are methods so that a claim of any number type fits the table's list.

/** One GAN and one VAE variant the pair claims compare; label names the pair in a sweep ('' alone). */
export type Pair = { label: string; gan: VariantArtifacts; vae: VariantArtifacts };

/** A claim one GAN/VAE pair decides; `T` is what `metric` reads from a side (a number, or a few). */
export interface PairClaim<T> {
  over: 'pair';
  claim: string;
  /** Where the paper makes it. */
  section: string;
  /** The metric and the rule, as the report prints them. */
  test: string | ((p: Pair) => string);
  /** A side's number(s) from its artifacts; undefined where they are not in them. */
  metric(v: VariantArtifacts): T;
  /** The rule that decides the verdict from both sides' numbers. */
  rule(gan: T, vae: T, p: Pair): Verdict;
  /** Decimals of the one number that decides, which the mean over seeds uses; absent where no one number decides or a mean means nothing (a count). */
  digits?: number;
  /** A side's cell (default: the number with `digits` decimals). */
  show?(x: T): string;
  /** The paper's own figures for this metric (from paper-figures.ts), quoted in the note. */
  paper?: { gan: number; vae: number };
  note?(gan: T, vae: T, p: Pair): string;
}

/** A claim about the VAE alone: a row per VAE variant, its GAN cell 'no encoder'. */
export interface VaeClaim<T> {
  over: 'vae';
  claim: string;
  section: string;
  test: string | ((vae: VariantArtifacts) => string);
  metric(v: VariantArtifacts): T;
  rule(x: T): Verdict;
  show(x: T): string;
  note?(x: T, vae: VariantArtifacts): string;
}

/** A claim about latent sizes, judged once on the latent sweeps of both kinds (smallest latent first). */
export interface LatentSizeClaim {
  over: 'latent sizes';
  claim: string;
  section: string;
  test: string;
  /** A side's cell from its sweep's variants. */
  show(vs: VariantArtifacts[]): string;
  rule(gans: VariantArtifacts[], vaes: VariantArtifacts[]): Verdict;
  note?(gans: VariantArtifacts[], vaes: VariantArtifacts[]): string;
}

export type PaperClaim = PairClaim<unknown> | VaeClaim<unknown> | LatentSizeClaim;

/** A pair claim of the table, its number type checked against its members. */
export const pairClaim = <T>(c: Omit<PairClaim<T>, 'over'>): PaperClaim => ({ over: 'pair', ...c });
/** A VAE claim of the table, its number type checked against its members. */
export const vaeClaim = <T>(c: Omit<VaeClaim<T>, 'over'>): PaperClaim => ({ over: 'vae', ...c });

/** The rule `holds(gan, vae)`: holds or does not; not measured when either number is missing. */
export function holdsIf(holds: (gan: number, vae: number) => boolean) {
  return (g: number | undefined, v: number | undefined): Verdict => {
    if (g === undefined || v === undefined) return 'not measured';
    return holds(g, v) ? 'holds' : 'does not hold';
  };
}
