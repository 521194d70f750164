import type { ClaimsSpec } from '@genlab/spec';
import { claimMetrics as M } from './claim-metrics';
import { fmt, fmtBackend, fmtInt, fmtSeconds, NONE } from './format-values';
import { judgeOverSeeds } from './judge-over-seeds';
import { PAPER_FIGURES } from './paper-figures';
import { seedOf, variantWithoutSeed } from './seed-groups';
import type { VariantArtifacts } from './variant-artifacts';

// The paper's claims (sections 3.8-3.8.3 and 4), each tested by a metric on the report's GAN and
// VAE sides (report spec `claims`). Every verdict is computed here from the sides' metrics.json
// and manifests; nothing is typed in. A claim whose numbers are not in the artifacts is
// "not measured", never guessed.

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

/** "Recognisably digits": most samples (a majority) confidently classified by the evaluator. */
export const RECOGNISABLE_MIN = 0.5;
/** "Organised by class": k-NN (k = 5) on the latent means at least this accurate (chance 0.1 for 10 digits). */
export const LATENT_ORGANISED_MIN = 0.8;

type Get = (v: VariantArtifacts) => number | undefined;
type Pair = { label: string; gan: VariantArtifacts; vae: VariantArtifacts };

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

/** `holds` when `rule(gan, vae)`; not measured when either number is missing. */
function judge(g: number | undefined, v: number | undefined, rule: (g: number, v: number) => boolean): Verdict {
  if (g === undefined || v === undefined) return 'not measured';
  return rule(g, v) ? 'holds' : 'does not hold';
}

/**
 * A claim one number per side decides: the metric and the rule as the report prints them
 * (`<metric>; holds if <rule>`), the accessor and comparison that apply them.
 */
interface PairClaim {
  claim: string;
  /** Where the paper makes it. */
  section: string;
  metric: string;
  rule: string;
  get: Get;
  holds: (gan: number, vae: number) => boolean;
  digits: number;
  /** How a side's number is shown (default: `digits` decimals). */
  show?: (x: number | undefined) => string;
  /** Whether the mean over seeds applies (a count such as parameters has none). */
  overSeeds?: false;
  note?: (p: Pair) => string;
}

const FID_CLAIM: PairClaim = {
  claim: 'The GAN produces more realistic images than the VAE: lower FID',
  section: '3.8, 3.8.2',
  metric: 'classifier-FID',
  rule: 'GAN < VAE',
  get: M.fid,
  holds: (g, v) => g < v,
  digits: 2,
  note: (p) => fidNote(p.gan),
};
const PARAMS_CLAIM: PairClaim = {
  claim: 'GANs have larger networks than VAEs',
  section: '3.8.3',
  metric: 'trainable parameters (all networks)',
  rule: 'GAN > VAE',
  get: M.params,
  holds: (g, v) => g > v,
  digits: 0,
  show: fmtInt,
  overSeeds: false,
};
const DIVERSITY_CLAIM: PairClaim = {
  claim: 'Mode collapse is the GAN’s risk: its samples of a digit are more alike ("repetitive")',
  section: '3.8.3',
  metric: 'within-class diversity / real test images’ (1 = as varied as real)',
  rule: 'GAN < VAE',
  get: M.diversityRatio,
  holds: (g, v) => g < v,
  digits: 3,
};

/** The claims about one GAN/VAE pair, in the report's order: declared ones, and rows of their own where one number does not decide. */
const PAIR_CLAIMS: (PairClaim | ((p: Pair, at: string) => ClaimRow))[] = [
  FID_CLAIM,
  blurRow,
  recognisableRow,
  PARAMS_CLAIM,
  timeRow,
  modeCoverageRow,
  DIVERSITY_CLAIM,
];

function declaredRow(c: PairClaim, p: Pair, at: string): ClaimRow {
  const [g, v] = [c.get(p.gan), c.get(p.vae)];
  const show = c.show ?? ((x: number | undefined) => fmt(x, c.digits));
  return {
    claim: c.claim + at,
    section: c.section,
    test: `${c.metric}; holds if ${c.rule}`,
    gan: show(g),
    vae: show(v),
    verdict: judge(g, v, c.holds),
    note: c.note?.(p) ?? '',
    values: c.overSeeds === false ? undefined : { gan: g, vae: v, digits: c.digits },
  };
}

function pairRows(p: Pair): ClaimRow[] {
  const at = p.label ? ` (${p.label})` : '';
  return PAIR_CLAIMS.map((c) => (typeof c === 'function' ? c(p, at) : declaredRow(c, p, at)));
}

/**
 * A perfectly even sampler's histogram of n draws over K classes still has KL from uniform of
 * about (K - 1) / 2n (sampling noise); a difference below twice that says nothing.
 */
function modeCoverageRow(p: Pair, at: string): ClaimRow {
  const [g, v] = [M.klFromUniform(p.gan), M.klFromUniform(p.vae)];
  const n = Math.min(M.coverageSamples(p.gan) ?? Infinity, M.coverageSamples(p.vae) ?? Infinity);
  const noise = Number.isFinite(n) ? 9 / n : 0;
  let verdict = judge(g, v, (a, b) => a > b);
  if (verdict !== 'not measured' && Math.abs((g as number) - (v as number)) <= noise) verdict = 'inconclusive';
  return {
    claim: `Mode collapse is the GAN’s risk: its samples cover the digits less evenly${at}`,
    section: '3.8.3',
    test: 'KL(class histogram || uniform) of the samples, nats (0 = even); holds if GAN > VAE by more than sampling noise (2 x 9/2n)',
    gan: fmt(g, 4),
    vae: fmt(v, 4),
    verdict,
    values: { gan: g, vae: v, digits: 4 },
    note: `classes covered: GAN ${fmt(M.classesCovered(p.gan), 0)}/10, VAE ${fmt(M.classesCovered(p.vae), 0)}/10${noise > 0 ? `; noise level ${fmt(noise, 4)}` : ''}`,
  };
}

function fidNote(gan: VariantArtifacts): string {
  const ref = gan.metrics.reference?.fid;
  return `paper (Inception features): GAN ${PAPER_FIGURES.gan.fid}, VAE ${PAPER_FIGURES.vae.fid}${typeof ref === 'number' ? `; real data ${fmt(ref)}` : ''}`;
}

/** Both sharpness statistics must agree for a verdict; a split is inconclusive. */
function blurRow(p: Pair, at: string): ClaimRow {
  const [gl, vl, gg, vg] = [
    M.sharpnessLaplacian(p.gan),
    M.sharpnessLaplacian(p.vae),
    M.sharpnessGradient(p.gan),
    M.sharpnessGradient(p.vae),
  ];
  const a = judge(gl, vl, (g, v) => v < g);
  const b = judge(gg, vg, (g, v) => v < g);
  const verdict: Verdict = a === 'not measured' || b === 'not measured' ? 'not measured' : a === b ? a : 'inconclusive';
  return {
    claim: `VAE samples are blurrier, less sharp than GAN samples${at}`,
    section: '3.8.2, 4',
    test: 'sharpness / real test images’ (Laplacian variance; mean gradient): holds if the VAE’s is lower on both, inconclusive if they disagree',
    gan: `${fmt(gl, 3)}; ${fmt(gg, 3)}`,
    vae: `${fmt(vl, 3)}; ${fmt(vg, 3)}`,
    verdict,
    note: 'ratios to real test digits (1 = as sharp); speckle noise raises sharpness too, so read with FID',
  };
}

function recognisableRow(p: Pair, at: string): ClaimRow {
  const [g, v] = [M.recognisable(p.gan), M.recognisable(p.vae)];
  const ref = (p.gan.metrics.reference as { recognisable?: number } | undefined)?.recognisable;
  return {
    claim: `Both models generate images that are recognisably digits${at}`,
    section: '3.8, 4',
    test: `share of samples the evaluator classifies with confidence >= ${fmt(M.recognisableThreshold(p.gan) ?? M.recognisableThreshold(p.vae), 2)}; holds if both >= ${RECOGNISABLE_MIN}`,
    gan: fmt(g, 3),
    vae: fmt(v, 3),
    verdict: judge(g, v, (a, b) => a >= RECOGNISABLE_MIN && b >= RECOGNISABLE_MIN),
    values: { gan: g, vae: v, digits: 3 },
    note: typeof ref === 'number' ? `real training digits: ${fmt(ref, 3)}` : '',
  };
}

/**
 * Training wall time per epoch, as the paper trains both for the same number of epochs: a GAN
 * run stopped at 10 epochs is not "faster" than a 100-epoch VAE. Only comparable on one backend
 * (else inconclusive).
 */
function timeRow(p: Pair, at: string): ClaimRow {
  const [g, v] = [M.trainSeconds(p.gan), M.trainSeconds(p.vae)];
  const [bg, bv] = [fmtBackend(M.trainBackend(p.gan)), fmtBackend(M.trainBackend(p.vae))];
  const [eg, ev] = [M.epochs(p.gan), M.epochs(p.vae)];
  const perEpoch = (s: number | undefined, e: number | undefined) => (s !== undefined && e ? s / e : undefined);
  let verdict = judge(perEpoch(g, eg), perEpoch(v, ev), (a, b) => a > b);
  const notes = [`epochs: GAN ${fmt(eg, 0)}, VAE ${fmt(ev, 0)}`, `backends: GAN ${bg}, VAE ${bv}`];
  if (verdict !== 'not measured' && bg !== bv) {
    verdict = 'inconclusive';
    notes.push('trained on different backends: times not comparable');
  }
  const shown = (s: number | undefined, e: number | undefined) => `${fmtSeconds(perEpoch(s, e))}/epoch (${fmtSeconds(s)} in all)`;
  return {
    claim: `GANs need more training time than VAEs${at}`,
    section: '3.8.3',
    test: 'training wall time per epoch (train manifest); holds if GAN > VAE on the same backend',
    gan: shown(g, eg),
    vae: shown(v, ev),
    verdict,
    note: notes.join('; '),
  };
}

/** Figure 2: a row per VAE variant (the GAN has no encoder). */
function latentOrganisedRow(vae: VariantArtifacts, label: string): ClaimRow {
  const acc = M.latentKnn(vae);
  const byEpoch = M.latentKnnByEpoch(vae)
    .map((e) => `epoch ${e.epoch}: ${fmt(e.accuracy, 3)}`)
    .join(', ');
  const pixels = M.latentKnnPixels(vae);
  return {
    claim: `The VAE’s latent space is organised by digit class${label ? ` (${label})` : ''}`,
    section: 'fig. 2, 3.8.3',
    test: `${fmt(M.latentK(vae), 0)}-NN accuracy of digit labels on the latent means of test images (final epoch); holds if >= ${LATENT_ORGANISED_MIN} (chance 0.10)`,
    gan: 'no encoder',
    vae: fmt(acc, 3),
    verdict: acc === undefined ? 'not measured' : acc >= LATENT_ORGANISED_MIN ? 'holds' : 'does not hold',
    note: [byEpoch, pixels !== undefined ? `same images’ pixels: ${fmt(pixels, 3)}` : ''].filter(Boolean).join('; '),
  };
}

/** Variants of one kind that differ in latentDim, labelled by it: "2: 0.61, 10: 0.83". */
function bySize(vs: VariantArtifacts[], get: Get, digits: number): string {
  return vs.length === 0 ? NONE : vs.map((v) => `${fmt(M.latentDim(v), 0)}: ${fmt(get(v), digits)}`).join(', ');
}

function latentSizeRows(sweeps: VariantArtifacts[]): ClaimRow[] {
  const byLatent = (vs: VariantArtifacts[]) => [...vs].sort((a, b) => (M.latentDim(a) ?? 0) - (M.latentDim(b) ?? 0));
  const gans = byLatent(sweeps.filter((v) => v.kind === 'gan'));
  const vaes = byLatent(sweeps.filter((v) => v.kind === 'vae'));
  const values = [...gans, ...vaes].map(M.recognisable);
  const missing = gans.length === 0 || vaes.length === 0 || values.some((x) => x === undefined);
  const best = (vs: VariantArtifacts[]) => {
    const scored = vs.filter((v) => M.fid(v) !== undefined);
    return scored.length === 0
      ? ''
      : `${vs[0].kind.toUpperCase()} best at latent ${fmt(M.latentDim(scored.reduce((a, b) => ((M.fid(b) as number) < (M.fid(a) as number) ? b : a))), 0)}`;
  };
  return [
    {
      claim: 'Both models adapt to other latent sizes: recognisable digits at every size',
      section: '3.6, 3.8',
      test: `recognisable share per latent size; holds if every size of both models >= ${RECOGNISABLE_MIN}`,
      gan: bySize(gans, M.recognisable, 3),
      vae: bySize(vaes, M.recognisable, 3),
      verdict: missing ? 'not measured' : (values as number[]).every((x) => x >= RECOGNISABLE_MIN) ? 'holds' : 'does not hold',
      note: missing ? 'needs a latent sweep of each model kind' : '',
    },
    {
      claim: 'Effect of latent size on sample quality',
      section: '3.6',
      test: 'classifier-FID per latent size (the paper states no direction)',
      gan: bySize(gans, M.fid, 2),
      vae: bySize(vaes, M.fid, 2),
      verdict: gans.length + vaes.length === 0 ? 'not measured' : 'descriptive',
      note: [best(gans), best(vaes), vaes.length > 0 ? `VAE latent k-NN accuracy: ${bySize(vaes, M.latentKnn, 3)}` : '']
        .filter(Boolean)
        .join('; '),
    },
  ];
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
      ? vaeOnce.map((p) => latentOrganisedRow(p.vae, pairs.length > 1 ? p.vae.variant : ''))
      : [latentOrganisedRow(emptyVariant(claims.vae), '')]),
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
