import type { ClaimsSpec } from '@genlab/spec';
import type { Pair, PairClaim } from './claim-kinds';
import { claimMetrics as M } from './claim-metrics';
import { fmt } from './format-values';
import { judgeOverSeeds } from './judge-over-seeds';
import { PAPER_CLAIMS } from './paper-claims';
import { seedOf, variantWithoutSeed } from './seed-groups';
import type { VariantArtifacts } from './variant-artifacts';

// The claims table: the rows of the paper's claims (paper-claims.ts) on the report's GAN and VAE
// sides (report spec `claims`), a row per pair of variants (judged over seeds where pairs differ
// only by seed), per VAE, and once for the latent sweeps.

export type Verdict = 'holds' | 'does not hold' | 'inconclusive' | 'not measured' | 'descriptive';

export interface ClaimRow {
  claim: string;
  /** Where the paper makes it. */
  section: string;
  /** The metric and the rule that decides the verdict. */
  test: string;
  gan: string;
  vae: string;
  verdict: Verdict;
  /** Context a reader needs to trust the verdict (reference values, epochs, caveats). */
  note: string;
  /** The numbers behind gan and vae where one number decides, for the mean over seeds. */
  values?: { gan: number | undefined; vae: number | undefined; digits: number };
}

export interface ClaimsTable {
  /** Which variants form the GAN and VAE sides. */
  sides: string;
  rows: ClaimRow[];
}

/** 'exp' = every variant of it; 'exp/variant' = that one; in the report's order. */
export function sideVariants(entry: string, variants: VariantArtifacts[]): VariantArtifacts[] {
  return variants.filter((v) => (entry.includes('/') ? v.key === entry : v.experiment === entry));
}

/**
 * GAN/VAE pairs: one each = one pair; several on both sides = pairs by variant name (a latent
 * sweep: latentDim-10 with latentDim-10); one against several = that one with each.
 */
export function pairSides(gans: VariantArtifacts[], vaes: VariantArtifacts[]): Pair[] {
  if (gans.length === 0 || vaes.length === 0) return [];
  if (gans.length === 1 && vaes.length === 1) return [{ label: '', gan: gans[0], vae: vaes[0] }];
  if (gans.length === 1) return vaes.map((vae) => ({ label: vae.variant, gan: gans[0], vae }));
  if (vaes.length === 1) return gans.map((gan) => ({ label: gan.variant, gan, vae: vaes[0] }));
  return gans.flatMap((gan) => vaes.filter((v) => v.variant === gan.variant).map((vae) => ({ label: gan.variant, gan, vae })));
}

/** Pairs that differ only by seed (their label without its seed part is the same), in order. */
function seedGroupsOfPairs(pairs: Pair[]): { label: string; members: Pair[] }[] {
  const groups = new Map<string, Pair[]>();
  for (const p of pairs) {
    const label = variantWithoutSeed(p.label);
    groups.set(label, [...(groups.get(label) ?? []), p]);
  }
  return [...groups].map(([label, members]) => ({ label, members }));
}

/** "42" when both sides ran with one seed, "42 / 7" (GAN / VAE) when they differ. */
function pairSeeds(p: Pair): string {
  const [g, v] = [seedOf(p.gan), seedOf(p.vae)];
  return g === v ? String(g) : `${g} / ${v}`;
}

/** A pair claim's row for one pair: `at` names the pair in a sweep (' (latentDim-10)', '' alone). */
function pairRow(c: PairClaim<unknown>, p: Pair, at: string): ClaimRow {
  const [g, v] = [c.metric(p.gan), c.metric(p.vae)];
  const show = (x: unknown) => (c.show ? c.show(x) : fmt(x, c.digits));
  const paper = c.paper ? `paper (Inception features): GAN ${c.paper.gan}, VAE ${c.paper.vae}` : '';
  return {
    claim: c.claim + at,
    section: c.section,
    test: typeof c.test === 'string' ? c.test : c.test(p),
    gan: show(g),
    vae: show(v),
    verdict: c.rule(g, v, p),
    note: [paper, c.note?.(g, v, p) ?? ''].filter(Boolean).join('; '),
    // The digits say the claim's metric is one number.
    values: c.digits === undefined ? undefined : { gan: g as number | undefined, vae: v as number | undefined, digits: c.digits },
  };
}

function pairRows(p: Pair): ClaimRow[] {
  const at = p.label ? ` (${p.label})` : '';
  return PAPER_CLAIMS.flatMap((c) => (c.over === 'pair' ? [pairRow(c, p, at)] : []));
}

function vaeRows(vae: VariantArtifacts, label: string): ClaimRow[] {
  return PAPER_CLAIMS.flatMap((c) => {
    if (c.over !== 'vae') return [];
    const x = c.metric(vae);
    return [
      {
        claim: c.claim + (label ? ` (${label})` : ''),
        section: c.section,
        test: typeof c.test === 'string' ? c.test : c.test(vae),
        gan: 'no encoder',
        vae: c.show(x),
        verdict: c.rule(x),
        note: c.note?.(x, vae) ?? '',
      },
    ];
  });
}

function latentSizeRows(sweeps: VariantArtifacts[]): ClaimRow[] {
  const byLatent = (vs: VariantArtifacts[]) => [...vs].sort((a, b) => (M.latentDim(a) ?? 0) - (M.latentDim(b) ?? 0));
  const gans = byLatent(sweeps.filter((v) => v.kind === 'gan'));
  const vaes = byLatent(sweeps.filter((v) => v.kind === 'vae'));
  return PAPER_CLAIMS.flatMap((c) =>
    c.over !== 'latent sizes'
      ? []
      : [
          {
            claim: c.claim,
            section: c.section,
            test: c.test,
            gan: c.show(gans),
            vae: c.show(vaes),
            verdict: c.rule(gans, vaes),
            note: c.note?.(gans, vaes) ?? '',
          },
        ],
  );
}

/** The claims table of a report from its compared variants, as the spec's `claims` declares. */
export function buildClaimsTable(claims: ClaimsSpec, variants: VariantArtifacts[]): ClaimsTable {
  const gans = sideVariants(claims.gan, variants);
  const vaes = sideVariants(claims.vae, variants);
  const pairs = pairSides(gans, vaes);
  const rows =
    pairs.length > 0
      ? seedGroupsOfPairs(pairs).flatMap(({ label, members }) =>
          judgeOverSeeds(members.map((p) => ({ seeds: pairSeeds(p), rows: pairRows({ ...p, label }) }))),
        )
      : pairRows({ label: '', gan: emptyVariant(claims.gan), vae: emptyVariant(claims.vae) });
  const vaeOnce = [...new Map(pairs.map((p) => [p.vae.key, p])).values()];
  rows.push(
    ...(vaeOnce.length > 0
      ? vaeOnce.flatMap((p) => vaeRows(p.vae, pairs.length > 1 ? p.vae.variant : ''))
      : vaeRows(emptyVariant(claims.vae), '')),
  );
  const sweepNames =
    claims.latentSweeps && claims.latentSweeps.length > 0 ? claims.latentSweeps : [claims.gan, claims.vae].map((e) => e.split('/')[0]);
  const sweeps = variants.filter((v) => sweepNames.includes(v.experiment));
  const sizes = new Set(sweeps.map((v) => `${v.kind}:${M.latentDim(v)}`));
  rows.push(...latentSizeRows(sizes.size > new Set(sweeps.map((v) => v.kind)).size ? sweeps : []));
  const names = (vs: VariantArtifacts[], entry: string) =>
    vs.length > 0 ? vs.map((v) => v.key).join(', ') : `${entry} (no evaluate artifact in this report)`;
  return { sides: `GAN side: ${names(gans, claims.gan)}. VAE side: ${names(vaes, claims.vae)}.`, rows };
}

/** A side with no artifacts: every accessor finds nothing, so every claim on it is "not measured". */
function emptyVariant(entry: string): VariantArtifacts {
  const manifest = { result: {}, backend: null } as unknown as VariantArtifacts['stages']['evaluate']['manifest'];
  const stage = { dir: '', manifest, manifestSha256: '', contentSha256: '' };
  return {
    key: entry,
    experiment: entry.split('/')[0],
    variant: entry.split('/')[1] ?? '',
    kind: '',
    stages: { data: stage, model: stage, train: stage, sample: stage, evaluate: stage },
    metrics: { evaluator: { name: '', fingerprint: '', testAccuracy: 0 }, epoch: 0, metrics: {} },
    losses: [],
  };
}
