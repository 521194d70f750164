// Declared fixture values for the report tests. They are not measurements: they stand in for
// what train / evaluate would write, with magnitudes like the real ones (classifier-IS of real
// MNIST test data is about 9.88), so layouts and tables are exercised realistically.

export interface FixtureVariant {
  experiment: string;
  variant: string;
  /** The spec seed in every stage slice (42 when not given). */
  seed?: number;
  kind: 'gan' | 'vae';
  latentDim: number;
  params: Record<string, number>;
  trainSeconds: number;
  imagesPerSec: number;
  /** Per-epoch mean losses, epochs 1..3. */
  losses: Record<string, number[]>;
  fid: number;
  is: { mean: number; std: number };
  precision: number;
  recall: number;
  /** Evaluator class histogram of the generated samples (mode coverage). */
  histogram: number[];
  reconstruction?: { mse: number; bce: number };
  /** Sharpness over real test images': [Laplacian variance ratio, gradient magnitude ratio]. */
  sharpness: [number, number];
  recognisable: number;
  diversityRatio: number;
  /** VAE: latent 5-NN accuracy at each of FIXTURE_SAMPLE_EPOCHS (the last is the final epoch). */
  latentKnn?: number[];
  /** Class histograms at each of FIXTURE_EPOCHS (evaluate's coverageByEpoch), counts per digit. */
  coverage?: number[][];
  /** Classifier-FID at each of FIXTURE_EPOCHS (evaluate's scoresByEpoch, format 4); absent = metrics.json from before it. */
  epochFid?: number[];
  /** The evaluator named in metrics.json (FIXTURE_EVALUATOR when not given). */
  evaluator?: { name: string; fingerprint: string; weights?: string; testAccuracy: number };
}

export const FIXTURE_EPOCHS = [1, 2, 3];
export const FIXTURE_SAMPLE_EPOCHS = [1, 3];
export const FIXTURE_EVALUATOR = { name: 'evaluator', fingerprint: 'e0e1e2e3e4e5e6e7', weights: '5eed5eed5eed5eed', testAccuracy: 0.9912 };
export const FIXTURE_REFERENCE = {
  fid: 0.91,
  is: { mean: 9.87, std: 0.03 },
  precision: 0.78,
  recall: 0.77,
  recognisable: 0.97,
  definition: 'real training images vs the test set',
};

export const FIXTURE_VARIANTS: FixtureVariant[] = [
  {
    experiment: 'fixture-gan',
    variant: 'default',
    kind: 'gan',
    latentDim: 100,
    params: { generator: 1_055_233, discriminator: 4_312_193 },
    trainSeconds: 41.5,
    imagesPerSec: 144.6,
    losses: { dLoss: [1.21, 1.05, 0.98], gLoss: [0.82, 1.01, 1.12] },
    fid: 14.2,
    is: { mean: 8.31, std: 0.11 },
    precision: 0.71,
    recall: 0.52,
    histogram: [98, 120, 101, 95, 99, 87, 102, 108, 90, 100],
    coverage: [
      [90, 300, 80, 70, 90, 60, 100, 80, 60, 70],
      [80, 500, 50, 60, 80, 40, 60, 50, 40, 40],
      [98, 120, 101, 95, 99, 87, 102, 108, 90, 100],
    ],
    sharpness: [0.94, 0.97],
    recognisable: 0.81,
    diversityRatio: 0.88,
  },
  {
    experiment: 'fixture-vae',
    variant: 'default',
    kind: 'vae',
    latentDim: 10,
    params: { encoder: 1_735_572, decoder: 511_169 },
    trainSeconds: 18.3,
    imagesPerSec: 328.1,
    losses: { loss: [190.2, 141.7, 128.9], reconstruction: [178.4, 128.1, 114.6], kl: [11.8, 13.6, 14.3] },
    fid: 31.7,
    is: { mean: 7.42, std: 0.09 },
    precision: 0.55,
    recall: 0.61,
    histogram: [101, 112, 96, 104, 93, 90, 99, 103, 97, 105],
    reconstruction: { mse: 0.0291, bce: 0.1043 },
    sharpness: [0.41, 0.72],
    recognisable: 0.74,
    diversityRatio: 0.71,
    latentKnn: [0.72, 0.86],
  },
  {
    experiment: 'fixture-sweep',
    variant: 'latentDim-2',
    kind: 'vae',
    latentDim: 2,
    params: { encoder: 1_733_524, decoder: 509_121 },
    trainSeconds: 17.9,
    imagesPerSec: 335.2,
    losses: { loss: [205.3, 170.4, 161.2], reconstruction: [200.1, 164.9, 155.3], kl: [5.2, 5.5, 5.9] },
    fid: 48.9,
    is: { mean: 6.12, std: 0.14 },
    precision: 0.49,
    recall: 0.38,
    histogram: [130, 160, 70, 120, 90, 40, 110, 120, 60, 100],
    reconstruction: { mse: 0.0452, bce: 0.1554 },
    sharpness: [0.33, 0.66],
    recognisable: 0.58,
    diversityRatio: 0.52,
    latentKnn: [0.61, 0.69],
  },
  {
    experiment: 'fixture-sweep',
    variant: 'latentDim-8',
    kind: 'vae',
    latentDim: 8,
    params: { encoder: 1_735_060, decoder: 510_657 },
    trainSeconds: 18.1,
    imagesPerSec: 331.0,
    losses: { loss: [193.8, 145.0, 131.7], reconstruction: [182.6, 132.2, 118.1], kl: [11.2, 12.8, 13.6] },
    fid: 33.4,
    is: { mean: 7.28, std: 0.1 },
    precision: 0.54,
    recall: 0.58,
    histogram: [100, 111, 97, 102, 95, 91, 98, 104, 99, 103],
    reconstruction: { mse: 0.0305, bce: 0.1089 },
    sharpness: [0.4, 0.71],
    recognisable: 0.72,
    diversityRatio: 0.69,
    latentKnn: [0.7, 0.84],
  },
];

/**
 * A 3-seed x 2-latent-size sweep (`sweep: { seed: [1, 2, 3], model.latentDim: [2, 8] }`): the
 * fixture-sweep values moved by a declared offset per seed, so every group has a spread.
 */
export function seedSweepFixtures(): FixtureVariant[] {
  const offsets = [-1.5, 0.25, 2];
  const bases = FIXTURE_VARIANTS.filter((v) => v.experiment === 'fixture-sweep');
  return [1, 2, 3].flatMap((seed, i) =>
    bases.map((b) => ({
      ...b,
      experiment: 'seed-sweep',
      variant: `seed-${seed}_latentDim-${b.latentDim}`,
      seed,
      trainSeconds: b.trainSeconds + offsets[i],
      fid: b.fid + 2 * offsets[i],
      is: { mean: b.is.mean - 0.1 * offsets[i], std: b.is.std },
      precision: b.precision + 0.01 * offsets[i],
      recall: b.recall - 0.02 * offsets[i],
      reconstruction: b.reconstruction && {
        mse: b.reconstruction.mse + 0.001 * offsets[i],
        bce: b.reconstruction.bce + 0.002 * offsets[i],
      },
    })),
  );
}

/** KL(p || uniform) of a class histogram, in nats: 0 when every class is equally frequent. */
export function klFromUniform(histogram: number[]): number {
  const total = histogram.reduce((s, x) => s + x, 0);
  return histogram.reduce((s, x) => (x > 0 ? s + (x / total) * Math.log((x / total) * histogram.length) : s), 0);
}
