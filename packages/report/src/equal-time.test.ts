import { describe, expect, it } from 'vitest';
import { buildEqualTimeTable, equalTimePair } from './equal-time';
import { cumulativeTrainSeconds } from './training-time';
import { makeVariant } from '../test-support/make-variant';
import type { VariantArtifacts } from './variant-artifacts';

type Run = {
  /** Wall seconds of epochs 1..n. */
  seconds: number[];
  /** Epoch -> classifier-FID of the per-epoch samples; absent = metrics.json from before evaluate format 4. */
  fid?: Record<number, number>;
  samples?: number;
  backend?: string;
  seed?: number;
};

/** A run with these per-epoch wall times (losses.jsonl) and per-epoch scores (metrics.json). */
function run(experiment: string, variant: string, kind: 'gan' | 'vae', r: Run): VariantArtifacts {
  const epochs = Object.keys(r.fid ?? {}).map(Number);
  const seed = r.seed ?? 42;
  const v = makeVariant({
    experiment,
    variant,
    kind,
    slices: { evaluate: { seed } },
    results: { train: { epochs: r.seconds.length, backend: r.backend ?? 'native' } },
    metrics: {
      epoch: r.seconds.length,
      metrics: r.fid
        ? {
            scoresByEpoch: {
              samples: r.samples ?? 2000,
              epochs: epochs.map((epoch) => ({ epoch, fid: r.fid![epoch]!, is: { mean: 10 - r.fid![epoch]! / 10, std: 0.1 } })),
            },
            coverageByEpoch: {
              samples: r.samples ?? 2000,
              epochs: epochs.map((epoch) => ({ epoch, histogram: [], classesCovered: epoch % 10, klFromUniform: 0 })),
            },
          }
        : {},
    },
  });
  v.losses = r.seconds.map((seconds, i) => ({ epoch: i + 1, seconds, dLoss: 1 }));
  return v;
}

// A GAN of 50 epochs at 300 s each (4.2 h) scored at 10, 20, 30, 50; a VAE of 100 at 75 s (2.1 h) scored at 10, 50, 100.
const GAN = { seconds: Array(50).fill(300), fid: { 10: 90, 20: 40, 30: 20, 50: 5 } };
const VAE = { seconds: Array(100).fill(75), fid: { 10: 60, 50: 30, 100: 25 } };

describe('cumulativeTrainSeconds', () => {
  it('sums each epoch’s wall time, and stops at a gap or a row without seconds', () => {
    expect([...cumulativeTrainSeconds([{ epoch: 2, seconds: 3 } as never, { epoch: 1, seconds: 1.5 } as never])]).toEqual([
      [1, 1.5],
      [2, 4.5],
    ]);
    expect([...cumulativeTrainSeconds([{ epoch: 1, seconds: 2 } as never, { epoch: 3, seconds: 2 } as never])]).toEqual([[1, 2]]);
    expect([...cumulativeTrainSeconds([{ epoch: 1 } as never, { epoch: 2, seconds: 2 } as never])]).toEqual([]);
  });
});

describe('equalTimePair', () => {
  it('takes the shorter run’s total as the budget and the other side’s latest scored epoch within it', () => {
    const r = equalTimePair(run('g', 'default', 'gan', GAN), run('v', 'default', 'vae', VAE));
    expect(r.budget).toBe(7500); // the VAE's 100 x 75 s
    // GAN epochs end at 300 s each: epoch 20 at 6000 s is within 7500 s, epoch 30 at 9000 s is not.
    expect(r.gan.point).toEqual({ epoch: 20, seconds: 6000, fid: 40, is: 6, classesCovered: 0 });
    expect(r.vae.point).toEqual({ epoch: 100, seconds: 7500, fid: 25, is: 7.5, classesCovered: 0 });
    expect(r.verdict).toBe('does not hold');
    expect(r.gan.finalEpoch).toBe(50);
    expect(r.note).toBe(
      "GAN: next scored epoch 30 ends at 2.50 h (scored epochs are the sample stage's; more sample.epochs bring its point closer to T)",
    );
    // Swapping the FIDs at those epochs flips it.
    const better = equalTimePair(run('g', 'default', 'gan', { ...GAN, fid: { ...GAN.fid, 20: 24 } }), run('v', 'default', 'vae', VAE));
    expect(better.verdict).toBe('holds');
  });

  it('works the other way round when the GAN is the shorter run', () => {
    const r = equalTimePair(
      run('g', 'default', 'gan', { seconds: Array(10).fill(300), fid: { 5: 50, 10: 20 } }),
      run('v', 'default', 'vae', VAE),
    );
    expect(r.budget).toBe(3000);
    expect([r.gan.point?.epoch, r.vae.point?.epoch]).toEqual([10, 10]); // VAE epoch 10 ends at 750 s, epoch 50 at 3750 s
    expect(r.verdict).toBe('holds');
  });

  it('says when the GAN has no scored epoch within the budget', () => {
    const slow = { seconds: Array(50).fill(300), fid: { 30: 20, 50: 5 } };
    const r = equalTimePair(run('g', 'default', 'gan', slow), run('v', 'default', 'vae', VAE));
    expect(r.gan.point).toBeNull();
    expect(r.verdict).toBe('not measured');
    expect(r.note).toBe('GAN: no scored epoch within 2.08 h (its first scored epoch, 30, ends at 2.50 h)');
  });

  it('is not measured on metrics.json written before per-epoch scores, and says why', () => {
    const r = equalTimePair(run('g', 'default', 'gan', { seconds: GAN.seconds }), run('v', 'default', 'vae', VAE));
    expect(r.verdict).toBe('not measured');
    expect(r.gan.point).toBeNull();
    expect(r.vae.point?.epoch).toBe(100);
    expect(r.note).toMatch(/^GAN: no per-epoch scores \(metrics.json written before evaluate format 4/);
  });

  it('is inconclusive across backends or sample counts, showing the numbers', () => {
    const threads = equalTimePair(run('g', 'default', 'gan', { ...GAN, backend: 'native-2' }), run('v', 'default', 'vae', VAE));
    expect(threads.verdict).toBe('inconclusive');
    expect(threads.note).toMatch(/different backends \(GAN native-2, VAE native\)/);
    expect(threads.gan.point?.fid).toBe(40);
    const counts = equalTimePair(run('g', 'default', 'gan', { ...GAN, samples: 1000 }), run('v', 'default', 'vae', VAE));
    expect(counts.verdict).toBe('inconclusive');
    expect(counts.note).toMatch(/1000 \(GAN\) and 2000 \(VAE\) samples/);
  });
});

describe('buildEqualTimeTable', () => {
  it('pairs the claims sides and counts the verdict over seeds', () => {
    const gans = [42, 7, 1].map((seed, i) => run('g', `seed-${seed}`, 'gan', { ...GAN, seed, fid: { ...GAN.fid, 20: [20, 30, 50][i]! } }));
    const t = buildEqualTimeTable({ gan: 'g', vae: 'v' }, [...gans, run('v', 'default', 'vae', VAE)]);
    expect(t.rows.map((r) => [r.label, r.seeds, r.verdict])).toEqual([
      ['seed-42', '42', 'holds'],
      ['seed-7', '7 / 42', 'does not hold'],
      ['seed-1', '1 / 42', 'does not hold'],
    ]);
    expect(t.overall).toEqual([{ label: '', verdict: 'inconclusive', count: 'holds in 1/3 seeds' }]);
  });
});
