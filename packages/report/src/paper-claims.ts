import { holdsIf, pairClaim, vaeClaim, type PaperClaim, type Pair } from './claim-kinds';
import { claimMetrics as M } from './claim-metrics';
import type { Verdict } from './claims-table';
import { fmt, fmtBackend, fmtInt, fmtSeconds, NONE } from './format-values';
import { PAPER_FIGURES } from './paper-figures';
import type { VariantArtifacts } from './variant-artifacts';

// The paper's claims (sections 3.8-3.8.3 and 4), one entry each in the report's order: what the
// paper says, where, the metric that tests it (read from metrics.json and the manifests by
// claim-metrics.ts) and the rule that decides the verdict. claims-table.ts builds the rows from
// this table; nothing is typed in, and a claim whose numbers are not in the artifacts is
// "not measured", never guessed.

/** "Recognisably digits": most samples (a majority) confidently classified by the evaluator. */
export const RECOGNISABLE_MIN = 0.5;
/** "Organised by class": k-NN (k = 5) on the latent means at least this accurate (chance 0.1 for 10 digits). */
export const LATENT_ORGANISED_MIN = 0.8;

export const PAPER_CLAIMS: PaperClaim[] = [
  pairClaim({
    claim: 'The GAN produces more realistic images than the VAE: lower FID',
    section: '3.8, 3.8.2',
    test: 'classifier-FID; holds if GAN < VAE',
    metric: M.fid,
    rule: holdsIf((g, v) => g < v),
    digits: 2,
    paper: { gan: PAPER_FIGURES.gan.fid, vae: PAPER_FIGURES.vae.fid },
    note: (_g, _v, p) => {
      const ref = p.gan.metrics.reference?.fid;
      return typeof ref === 'number' ? `real data ${fmt(ref)}` : '';
    },
  }),
  // Both sharpness statistics must agree for a verdict; a split is inconclusive.
  pairClaim({
    claim: 'VAE samples are blurrier, less sharp than GAN samples',
    section: '3.8.2, 4',
    test: 'sharpness / real test images’ (Laplacian variance; mean gradient): holds if the VAE’s is lower on both, inconclusive if they disagree',
    metric: (v) => [M.sharpnessLaplacian(v), M.sharpnessGradient(v)] as const,
    rule: ([gl, gg], [vl, vg]) => {
      const [a, b] = [holdsIf((g, v) => v < g)(gl, vl), holdsIf((g, v) => v < g)(gg, vg)];
      return a === 'not measured' || b === 'not measured' ? 'not measured' : a === b ? a : 'inconclusive';
    },
    show: ([laplacian, gradient]) => `${fmt(laplacian, 3)}; ${fmt(gradient, 3)}`,
    note: () => 'ratios to real test digits (1 = as sharp); speckle noise raises sharpness too, so read with FID',
  }),
  pairClaim({
    claim: 'Both models generate images that are recognisably digits',
    section: '3.8, 4',
    test: (p) =>
      `share of samples the evaluator classifies with confidence >= ${fmt(M.recognisableThreshold(p.gan) ?? M.recognisableThreshold(p.vae), 2)}; holds if both >= ${RECOGNISABLE_MIN}`,
    metric: M.recognisable,
    rule: holdsIf((g, v) => g >= RECOGNISABLE_MIN && v >= RECOGNISABLE_MIN),
    digits: 3,
    note: (_g, _v, p) => {
      const ref = (p.gan.metrics.reference as { recognisable?: number } | undefined)?.recognisable;
      return typeof ref === 'number' ? `real training digits: ${fmt(ref, 3)}` : '';
    },
  }),
  // A count: no mean over seeds.
  pairClaim({
    claim: 'GANs have larger networks than VAEs',
    section: '3.8.3',
    test: 'trainable parameters (all networks); holds if GAN > VAE',
    metric: M.params,
    rule: holdsIf((g, v) => g > v),
    show: fmtInt,
  }),
  // Per epoch, as the paper trains both for the same number of epochs: a GAN run stopped at 10
  // epochs is not "faster" than a 100-epoch VAE. Only comparable on one backend (else inconclusive).
  pairClaim({
    claim: 'GANs need more training time than VAEs',
    section: '3.8.3',
    test: 'training wall time per epoch (train manifest); holds if GAN > VAE on the same backend',
    metric: (v) => ({ seconds: M.trainSeconds(v), epochs: M.epochs(v), backend: fmtBackend(M.trainBackend(v)) }),
    rule: (g, v) => (onOtherBackends(g, v) ? 'inconclusive' : holdsIf((a, b) => a > b)(perEpoch(g), perEpoch(v))),
    show: (x) => `${fmtSeconds(perEpoch(x))}/epoch (${fmtSeconds(x.seconds)} in all)`,
    note: (g, v) =>
      [
        `epochs: GAN ${fmt(g.epochs, 0)}, VAE ${fmt(v.epochs, 0)}`,
        `backends: GAN ${g.backend}, VAE ${v.backend}`,
        ...(onOtherBackends(g, v) ? ['trained on different backends: times not comparable'] : []),
      ].join('; '),
  }),
  pairClaim({
    claim: 'Mode collapse is the GAN’s risk: its samples cover the digits less evenly',
    section: '3.8.3',
    test: 'KL(class histogram || uniform) of the samples, nats (0 = even); holds if GAN > VAE by more than sampling noise (2 x 9/2n)',
    metric: M.klFromUniform,
    rule: (g, v, p) => {
      const verdict = holdsIf((a, b) => a > b)(g, v);
      return verdict !== 'not measured' && Math.abs(g! - v!) <= samplingNoise(p) ? 'inconclusive' : verdict;
    },
    digits: 4,
    note: (_g, _v, p) => {
      const noise = samplingNoise(p);
      return `classes covered: GAN ${fmt(M.classesCovered(p.gan), 0)}/10, VAE ${fmt(M.classesCovered(p.vae), 0)}/10${noise > 0 ? `; noise level ${fmt(noise, 4)}` : ''}`;
    },
  }),
  pairClaim({
    claim: 'Mode collapse is the GAN’s risk: its samples of a digit are more alike ("repetitive")',
    section: '3.8.3',
    test: 'within-class diversity / real test images’ (1 = as varied as real); holds if GAN < VAE',
    metric: M.diversityRatio,
    rule: holdsIf((g, v) => g < v),
    digits: 3,
  }),
  // Figure 2.
  vaeClaim({
    claim: 'The VAE’s latent space is organised by digit class',
    section: 'fig. 2, 3.8.3',
    test: (vae) =>
      `${fmt(M.latentK(vae), 0)}-NN accuracy of digit labels on the latent means of test images (final epoch); holds if >= ${LATENT_ORGANISED_MIN} (chance 0.10)`,
    metric: M.latentKnn,
    rule: (acc) => (acc === undefined ? 'not measured' : acc >= LATENT_ORGANISED_MIN ? 'holds' : 'does not hold'),
    show: (acc) => fmt(acc, 3),
    note: (_acc, vae) => {
      const byEpoch = M.latentKnnByEpoch(vae)
        .map((e) => `epoch ${e.epoch}: ${fmt(e.accuracy, 3)}`)
        .join(', ');
      const pixels = M.latentKnnPixels(vae);
      return [byEpoch, pixels !== undefined ? `same images’ pixels: ${fmt(pixels, 3)}` : ''].filter(Boolean).join('; ');
    },
  }),
  {
    over: 'latent sizes',
    claim: 'Both models adapt to other latent sizes: recognisable digits at every size',
    section: '3.6, 3.8',
    test: `recognisable share per latent size; holds if every size of both models >= ${RECOGNISABLE_MIN}`,
    show: (vs) => bySize(vs, M.recognisable, 3),
    rule: (gans, vaes) => {
      if (!recognisableAtEverySize(gans, vaes)) return 'not measured';
      return [...gans, ...vaes].every((v) => M.recognisable(v)! >= RECOGNISABLE_MIN) ? 'holds' : 'does not hold';
    },
    note: (gans, vaes) => (recognisableAtEverySize(gans, vaes) ? '' : 'needs a latent sweep of each model kind'),
  },
  {
    over: 'latent sizes',
    claim: 'Effect of latent size on sample quality',
    section: '3.6',
    test: 'classifier-FID per latent size (the paper states no direction)',
    show: (vs) => bySize(vs, M.fid, 2),
    rule: (gans, vaes): Verdict => (gans.length + vaes.length === 0 ? 'not measured' : 'descriptive'),
    note: (gans, vaes) =>
      [bestLatent(gans), bestLatent(vaes), vaes.length > 0 ? `VAE latent k-NN accuracy: ${bySize(vaes, M.latentKnn, 3)}` : '']
        .filter(Boolean)
        .join('; '),
  },
];

type TrainTime = { seconds: number | undefined; epochs: number | undefined; backend: string };

const perEpoch = (t: TrainTime) => (t.seconds !== undefined && t.epochs ? t.seconds / t.epochs : undefined);

/** Both times measured, on different backends: not comparable. */
const onOtherBackends = (g: TrainTime, v: TrainTime) => perEpoch(g) !== undefined && perEpoch(v) !== undefined && g.backend !== v.backend;

/**
 * A perfectly even sampler's histogram of n draws over K classes still has KL from uniform of
 * about (K - 1) / 2n (sampling noise); a difference below twice that says nothing. n is the
 * smaller side's sample count; 0 when neither says it.
 */
function samplingNoise(p: Pair): number {
  const n = Math.min(M.coverageSamples(p.gan) ?? Infinity, M.coverageSamples(p.vae) ?? Infinity);
  return Number.isFinite(n) ? 9 / n : 0;
}

/** Both kinds swept and every size's recognisable share measured. */
const recognisableAtEverySize = (gans: VariantArtifacts[], vaes: VariantArtifacts[]) =>
  gans.length > 0 && vaes.length > 0 && [...gans, ...vaes].every((v) => M.recognisable(v) !== undefined);

/** Variants of one kind that differ in latentDim, labelled by it: "2: 0.61, 10: 0.83". */
function bySize(vs: VariantArtifacts[], get: (v: VariantArtifacts) => number | undefined, digits: number): string {
  return vs.length === 0 ? NONE : vs.map((v) => `${fmt(M.latentDim(v), 0)}: ${fmt(get(v), digits)}`).join(', ');
}

/** "GAN best at latent 10": the latent size with the lowest FID ('' when none has one). */
function bestLatent(vs: VariantArtifacts[]): string {
  const scored = vs.filter((v) => M.fid(v) !== undefined);
  if (scored.length === 0) return '';
  const best = scored.reduce((a, b) => ((M.fid(b) as number) < (M.fid(a) as number) ? b : a));
  return `${vs[0].kind.toUpperCase()} best at latent ${fmt(M.latentDim(best), 0)}`;
}
