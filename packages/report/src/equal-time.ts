import type { ClaimsSpec } from '@genlab/spec';
import { pairSides, sideVariants, type Verdict } from './claims-table';
import { claimMetrics as M } from './claim-metrics';
import { fmtBackend, fmtSeconds } from './format-values';
import { overallVerdict } from './judge-over-seeds';
import { seedOf, variantWithoutSeed } from './seed-groups';
import { cumulativeTrainSeconds } from './training-time';
import type { VariantArtifacts } from './variant-artifacts';

// Paper 3.8.3 compares a GAN trained 50 epochs with a VAE trained 100, but a GAN epoch costs
// several VAE epochs. This compares them after the same training time: the shorter run's total
// time T, and for each side its latest scored epoch (evaluate's scoresByEpoch) that had trained
// no longer than T (train's losses.jsonl seconds, summed).

/** One side at its chosen epoch: the scores of that epoch's samples. */
export interface EqualTimePoint {
  epoch: number;
  /** Training seconds by the end of `epoch`. */
  seconds: number;
  fid: number;
  is: number;
  /** Classes covered by the same samples (coverageByEpoch); undefined when not recorded. */
  classesCovered: number | undefined;
}

export interface EqualTimeSide {
  key: string;
  /** The run's last (evaluated) epoch. */
  finalEpoch: number;
  /** The run's total training time (its last epoch's running sum); undefined when not recorded. */
  total: number | undefined;
  /** Samples per epoch behind the scores. */
  samples: number | undefined;
  point: EqualTimePoint | null;
  /** Why there is no point. */
  missing?: string;
  /** The first scored epoch after the budget: how far a finer `sample.epochs` could move the point. */
  next?: { epoch: number; seconds: number };
}

export interface EqualTimeRow {
  /** The pair's variant label ('' for one pair) and seeds. */
  label: string;
  seeds: string;
  /** T: the shorter run's total training time. */
  budget: number | undefined;
  gan: EqualTimeSide;
  vae: EqualTimeSide;
  /** "The GAN has the lower classifier-FID at equal training time". */
  verdict: Verdict;
  note: string;
}

export interface EqualTimeTable {
  rows: EqualTimeRow[];
  /** For pairs that differ only by seed: the verdict over the seeds (SEED_VERDICT_RULE's counting). */
  overall: { label: string; verdict: Verdict; count: string }[];
}

/** Relative slack so the shorter run's own last epoch (sum == T) is never lost to rounding. */
const SLACK = 1e-9;

interface Timeline {
  seconds: Map<number, number>;
  total: number | undefined;
  scored: { epoch: number; fid: number; is: number }[];
  samples: number | undefined;
}

function timeline(v: VariantArtifacts): Timeline {
  const seconds = cumulativeTrainSeconds(v.losses);
  const last = Math.max(0, ...seconds.keys());
  const s = v.metrics.metrics.scoresByEpoch;
  return {
    seconds,
    total: last === v.metrics.epoch ? seconds.get(last) : undefined,
    scored: (s?.epochs ?? []).map((e) => ({ epoch: e.epoch, fid: e.fid, is: e.is.mean })).sort((a, b) => a.epoch - b.epoch),
    samples: s?.samples,
  };
}

/** The latest scored epoch that had trained no longer than `budget`, or why there is none. */
function pick(v: VariantArtifacts, t: Timeline, budget: number | undefined): EqualTimeSide {
  const base = { key: v.key, finalEpoch: v.metrics.epoch, total: t.total, samples: t.samples };
  if (t.scored.length === 0)
    return { ...base, point: null, missing: 'no per-epoch scores (metrics.json written before evaluate format 4: rerun evaluate)' };
  if (t.total === undefined)
    return { ...base, point: null, missing: 'no training time for every epoch up to the evaluated one (losses.jsonl seconds)' };
  if (budget === undefined) return { ...base, point: null, missing: 'the other side’s training time is not known' };
  const within = t.scored.filter((e) => (t.seconds.get(e.epoch) ?? Infinity) <= budget * (1 + SLACK));
  const e = within.at(-1);
  if (!e) {
    const first = t.scored[0]!;
    return {
      ...base,
      point: null,
      missing: `no scored epoch within ${fmtSeconds(budget)} (its first scored epoch, ${first.epoch}, ends at ${fmtSeconds(t.seconds.get(first.epoch))})`,
    };
  }
  const coverage = v.metrics.metrics.coverageByEpoch?.epochs.find((c) => c.epoch === e.epoch);
  const after = t.scored.find((x) => x.epoch > e.epoch);
  return {
    ...base,
    point: { ...e, seconds: t.seconds.get(e.epoch)!, classesCovered: coverage?.classesCovered },
    ...(after ? { next: { epoch: after.epoch, seconds: t.seconds.get(after.epoch)! } } : {}),
  };
}

/** One GAN/VAE pair at equal training time; `label` names the pair among several. */
export function equalTimePair(gan: VariantArtifacts, vae: VariantArtifacts, label = ''): EqualTimeRow {
  const [tg, tv] = [timeline(gan), timeline(vae)];
  const budget = tg.total !== undefined && tv.total !== undefined ? Math.min(tg.total, tv.total) : undefined;
  const [g, v] = [pick(gan, tg, budget), pick(vae, tv, budget)];
  const [sg, sv] = [seedOf(gan), seedOf(vae)];
  const notes: string[] = [];
  let verdict: Verdict = 'not measured';
  if (g.point && v.point) {
    verdict = g.point.fid < v.point.fid ? 'holds' : 'does not hold';
    if (g.samples !== v.samples) {
      verdict = 'inconclusive';
      notes.push(`scored on ${g.samples} (GAN) and ${v.samples} (VAE) samples per epoch: their FIDs are not comparable`);
    }
    const [bg, bv] = [fmtBackend(M.trainBackend(gan)), fmtBackend(M.trainBackend(vae))];
    if (bg !== bv) {
      verdict = 'inconclusive';
      notes.push(`trained on different backends (GAN ${bg}, VAE ${bv}): equal wall time is not equal compute`);
    }
  }
  for (const [side, s] of [
    ['GAN', g],
    ['VAE', v],
  ] as const)
    if (s.missing) notes.push(`${side}: ${s.missing}`);
    else if (s.next)
      notes.push(
        `${side}: next scored epoch ${s.next.epoch} ends at ${fmtSeconds(s.next.seconds)} (scored epochs are the sample stage's; more sample.epochs bring its point closer to T)`,
      );
  return { label, seeds: sg === sv ? String(sg) : `${sg} / ${sv}`, budget, gan: g, vae: v, verdict, note: notes.join('; ') };
}

/** Every GAN/VAE pair of the report's claims sides at equal training time. */
export function buildEqualTimeTable(claims: Pick<ClaimsSpec, 'gan' | 'vae'>, variants: VariantArtifacts[]): EqualTimeTable {
  const pairs = pairSides(sideVariants(claims.gan, variants), sideVariants(claims.vae, variants));
  const rows = pairs.map((p) => equalTimePair(p.gan, p.vae, p.label));
  const groups = new Map<string, EqualTimeRow[]>();
  for (const r of rows) groups.set(variantWithoutSeed(r.label), [...(groups.get(variantWithoutSeed(r.label)) ?? []), r]);
  const overall = [...groups]
    .filter(([, rs]) => rs.length > 1)
    .map(([label, rs]) => ({ label, ...overallVerdict(rs.map((r) => r.verdict)) }));
  return { rows, overall };
}
