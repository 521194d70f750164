import { describe, expect, it } from 'vitest';
import { buildClaimsTable, pairSides, type ClaimRow } from './claims-table';
import { makeVariant } from '../test-support/make-variant';
import type { VariantArtifacts } from './variant-artifacts';

type Numbers = {
  fid?: number;
  lap?: number;
  grad?: number;
  recognisable?: number;
  kl?: number;
  diversity?: number;
  knn?: number;
  params?: number;
  seconds?: number;
  epochs?: number;
  backend?: string;
  latentDim?: number;
};

/** A variant whose metrics.json and manifests carry exactly these numbers. */
function variant(experiment: string, variantName: string, kind: 'gan' | 'vae', n: Numbers): VariantArtifacts {
  const metrics: Record<string, unknown> = {};
  if (n.fid !== undefined) metrics.fid = { value: n.fid };
  if (n.lap !== undefined) metrics.sharpness = { ratio: { laplacianVariance: n.lap, gradientMagnitude: n.grad } };
  if (n.recognisable !== undefined) metrics.recognisable = { value: n.recognisable };
  if (n.kl !== undefined) metrics.modeCoverage = { histogram: [], classesCovered: 10, klFromUniform: n.kl };
  if (n.diversity !== undefined) metrics.diversity = { ratio: n.diversity };
  if (n.knn !== undefined)
    metrics.latentClasses = {
      final: n.knn,
      pixelAccuracy: 0.9,
      epochs: [
        { epoch: 10, accuracy: n.knn - 0.1 },
        { epoch: 20, accuracy: n.knn },
      ],
    };
  return makeVariant({
    experiment,
    variant: variantName,
    kind,
    results: {
      model: {
        kind,
        latentDim: n.latentDim ?? (kind === 'gan' ? 100 : 10),
        ...(n.params !== undefined ? { params: { total: n.params } } : {}),
      },
      train: { trainSeconds: n.seconds, epochs: n.epochs ?? 20, backend: n.backend ?? 'native' },
    },
    metrics: { metrics: metrics as VariantArtifacts['metrics']['metrics'] },
  });
}

const PAPER_LIKE: [Numbers, Numbers] = [
  { fid: 20, lap: 0.9, grad: 0.95, recognisable: 0.8, kl: 0.05, diversity: 0.7, params: 5_000_000, seconds: 3000 },
  { fid: 40, lap: 0.4, grad: 0.7, recognisable: 0.7, kl: 0.01, diversity: 0.8, params: 3_500_000, seconds: 600, knn: 0.9 },
];

const verdicts = (rows: ClaimRow[]) => Object.fromEntries(rows.map((r) => [r.claim, r.verdict]));

describe('buildClaimsTable', () => {
  it('computes each verdict from the sides’ numbers', () => {
    const t = buildClaimsTable({ gan: 'g', vae: 'v' }, [
      variant('g', 'default', 'gan', PAPER_LIKE[0]),
      variant('v', 'default', 'vae', PAPER_LIKE[1]),
    ]);
    expect(t.sides).toBe('GAN side: g/default. VAE side: v/default.');
    expect(verdicts(t.rows)).toEqual({
      'The GAN produces more realistic images than the VAE: lower FID': 'holds',
      'VAE samples are blurrier, less sharp than GAN samples': 'holds',
      'Both models generate images that are recognisably digits': 'holds',
      'GANs have larger networks than VAEs': 'holds',
      'GANs need more training time than VAEs': 'holds',
      'Mode collapse is the GAN’s risk: its samples cover the digits less evenly': 'holds',
      'Mode collapse is the GAN’s risk: its samples of a digit are more alike ("repetitive")': 'holds',
      'The VAE’s latent space is organised by digit class': 'holds',
      'Both models adapt to other latent sizes: recognisable digits at every size': 'not measured',
      'Effect of latent size on sample quality': 'not measured',
    });
    const fid = t.rows[0];
    expect([fid.gan, fid.vae]).toEqual(['20.00', '40.00']);
    expect(t.rows.find((r) => r.claim.startsWith('GANs have larger'))?.gan).toBe('5,000,000');
    expect(t.rows.find((r) => r.claim.startsWith('The VAE’s latent'))?.note).toBe(
      'epoch 10: 0.800, epoch 20: 0.900; same images’ pixels: 0.900',
    );
  });

  it('turns each verdict around when the numbers turn around', () => {
    const [g, v] = PAPER_LIKE;
    const swapped = (a: Numbers, b: Numbers): Numbers => ({
      ...a,
      fid: b.fid,
      lap: b.lap,
      grad: b.grad,
      kl: b.kl,
      diversity: b.diversity,
      params: b.params,
      seconds: b.seconds,
    });
    const t = buildClaimsTable({ gan: 'g', vae: 'v' }, [
      variant('g', 'default', 'gan', { ...swapped(g, v), recognisable: 0.3 }),
      variant('v', 'default', 'vae', { ...swapped(v, g), knn: 0.5 }),
    ]);
    const got = verdicts(t.rows);
    for (const claim of Object.keys(got).filter((c) => !c.includes('latent size')))
      expect([claim, got[claim]]).toEqual([claim, 'does not hold']);
  });

  it('compares training time per epoch: a GAN stopped early is not the faster one', () => {
    const row = (gan: Numbers, vae: Numbers) =>
      buildClaimsTable({ gan: 'g', vae: 'v' }, [variant('g', 'default', 'gan', gan), variant('v', 'default', 'vae', vae)]).rows.find((r) =>
        r.claim.startsWith('GANs need more'),
      )!;
    const stoppedEarly = row({ seconds: 1000, epochs: 10 }, { seconds: 3000, epochs: 100 });
    expect(stoppedEarly).toMatchObject({ verdict: 'holds', gan: '100.0 s/epoch (16.7 min in all)', vae: '30.0 s/epoch (50.0 min in all)' });
    expect(row({ seconds: 1000, epochs: 100 }, { seconds: 3000, epochs: 100 }).verdict).toBe('does not hold');
  });

  it('is inconclusive when the class histograms differ by less than sampling noise', () => {
    const withSamples = (v: VariantArtifacts, n: number) => {
      (v.metrics.metrics.modeCoverage as { samples?: number }).samples = n;
      return v;
    };
    const row = (n: number) =>
      buildClaimsTable({ gan: 'g', vae: 'v' }, [
        withSamples(variant('g', 'default', 'gan', { kl: 0.0015 }), n),
        withSamples(variant('v', 'default', 'vae', { kl: 0.001 }), n),
      ]).rows.find((r) => r.claim.includes('less evenly'));
    expect(row(10000)?.verdict).toBe('inconclusive'); // noise 9 / 10000 = 0.0009 > 0.0005
    expect(row(100000)?.verdict).toBe('holds'); // noise 0.00009
  });

  it('is inconclusive when the sharpness statistics disagree or the backends differ, and not measured without numbers', () => {
    const t = buildClaimsTable({ gan: 'g', vae: 'v' }, [
      variant('g', 'default', 'gan', { fid: 20, lap: 0.9, grad: 0.6, seconds: 100, backend: 'wasm' }),
      variant('v', 'default', 'vae', { lap: 0.5, grad: 0.7, seconds: 50, backend: 'native' }),
    ]);
    const got = verdicts(t.rows);
    expect(got['VAE samples are blurrier, less sharp than GAN samples']).toBe('inconclusive');
    expect(got['GANs need more training time than VAEs']).toBe('inconclusive');
    expect(got['The GAN produces more realistic images than the VAE: lower FID']).toBe('not measured');
    expect(got['The VAE’s latent space is organised by digit class']).toBe('not measured');
    expect(t.rows.find((r) => r.claim.startsWith('The GAN produces'))?.vae).toBe('—');
  });

  it('marks every claim not measured when a side has no artifacts in the report', () => {
    const t = buildClaimsTable({ gan: 'g', vae: 'v' }, [variant('g', 'default', 'gan', PAPER_LIKE[0])]);
    expect(new Set(t.rows.map((r) => r.verdict))).toEqual(new Set(['not measured']));
    expect(t.sides).toContain('v (no evaluate artifact in this report)');
  });

  it('pairs two latent sweeps by variant name and judges the latent-size claims on them', () => {
    const sizes = [2, 10, 100];
    const vs = [
      ...sizes.map((d, i) => variant('sg', `latentDim-${d}`, 'gan', { fid: 30 - i, recognisable: 0.6 + i / 10, latentDim: d })),
      ...sizes.map((d, i) =>
        variant('sv', `latentDim-${d}`, 'vae', {
          fid: 50 - 12 * i,
          recognisable: d === 2 ? 0.45 : 0.8,
          latentDim: d,
          knn: [0.7, 0.85, 0.9][i],
        }),
      ),
    ];
    const t = buildClaimsTable({ gan: 'sg', vae: 'sv' }, vs);
    expect(t.rows.filter((r) => r.claim.startsWith('The GAN produces')).map((r) => [r.claim, r.verdict])).toEqual([
      ['The GAN produces more realistic images than the VAE: lower FID (latentDim-2)', 'holds'],
      ['The GAN produces more realistic images than the VAE: lower FID (latentDim-10)', 'holds'],
      ['The GAN produces more realistic images than the VAE: lower FID (latentDim-100)', 'does not hold'],
    ]);
    const adapt = t.rows.find((r) => r.claim.startsWith('Both models adapt'));
    expect(adapt).toMatchObject({
      gan: '2: 0.600, 10: 0.700, 100: 0.800',
      vae: '2: 0.450, 10: 0.800, 100: 0.800',
      verdict: 'does not hold',
    });
    const effect = t.rows.find((r) => r.claim.startsWith('Effect of latent size'));
    expect(effect).toMatchObject({ verdict: 'descriptive', gan: '2: 30.00, 10: 29.00, 100: 28.00' });
    expect(effect?.note).toContain('GAN best at latent 100; VAE best at latent 100');
    expect(t.rows.filter((r) => r.claim.startsWith('The VAE’s latent')).map((r) => r.verdict)).toEqual(['does not hold', 'holds', 'holds']);
  });

  it('pairs one variant with each of several', () => {
    const g = variant('g', 'default', 'gan', {});
    const vs = [variant('s', 'latentDim-2', 'vae', {}), variant('s', 'latentDim-10', 'vae', {})];
    expect(pairSides([g], vs).map((p) => [p.label, p.gan.key, p.vae.key])).toEqual([
      ['latentDim-2', 'g/default', 's/latentDim-2'],
      ['latentDim-10', 'g/default', 's/latentDim-10'],
    ]);
  });
});

describe('claims over seeds', () => {
  const seeded = (experiment: string, kind: 'gan' | 'vae', seed: number, n: Numbers) => {
    const v = variant(experiment, `seed-${seed}`, kind, n);
    for (const stage of Object.values(v.stages)) stage.manifest.slice = { seed };
    return v;
  };
  const fidRow = (t: ReturnType<typeof buildClaimsTable>) => t.rows.find((r) => r.claim.startsWith('The GAN produces'))!;
  const table = (ganFids: number[], vaeFids: number[]) =>
    buildClaimsTable({ gan: 'g', vae: 'v' }, [
      ...[1, 2, 3].map((s, i) => seeded('g', 'gan', s, { fid: ganFids[i] })),
      ...[1, 2, 3].map((s, i) => seeded('v', 'vae', s, { fid: vaeFids[i] })),
    ]);

  it('judges a claim on every seed and counts: 2 of 3 is inconclusive, with each side as mean ± sd (n)', () => {
    const row = fidRow(table([20, 30, 50], [40, 40, 40]));
    expect(row.claim).toBe('The GAN produces more realistic images than the VAE: lower FID');
    expect(row.verdict).toBe('inconclusive');
    expect(row.note).toMatch(/^holds in 2\/3 seeds; per seed: 1 holds, 2 holds, 3 does not hold/);
    expect(row.gan).toBe('33.33 ± 15.28 (n = 3)');
    expect(row.vae).toBe('40.00 ± 0.00 (n = 3)');
  });

  it('swapping the values flips the verdicts: 3 of 3 holds, 0 of 3 does not hold', () => {
    expect(fidRow(table([20, 30, 35], [40, 40, 40]))).toMatchObject({
      verdict: 'holds',
      note: expect.stringMatching(/^holds in 3\/3 seeds/),
    });
    expect(fidRow(table([40, 40, 40], [20, 30, 35]))).toMatchObject({
      verdict: 'does not hold',
      note: expect.stringMatching(/^holds in 0\/3 seeds/),
    });
  });

  it('pairs each GAN seed with a single VAE run, and says when a claim rests on one run per side', () => {
    const t = buildClaimsTable({ gan: 'g', vae: 'v' }, [
      ...[1, 2, 3].map((s) => seeded('g', 'gan', s, { fid: 10 * s })),
      seeded('v', 'vae', 1, { fid: 25 }),
    ]);
    expect(fidRow(t)).toMatchObject({
      verdict: 'inconclusive',
      note: expect.stringMatching(/^holds in 2\/3 seeds; per seed: 1 holds, 2 \/ 1 holds, 3 \/ 1 does not hold/),
    });
    const single = fidRow(
      buildClaimsTable({ gan: 'g', vae: 'v' }, [seeded('g', 'gan', 7, { fid: 10 }), seeded('v', 'vae', 7, { fid: 25 })]),
    );
    expect(single).toMatchObject({ verdict: 'holds', note: expect.stringMatching(/one run per side \(seed 7\)$/) });
  });
});
