import { Type, type Static } from '@sinclair/typebox';
import { NAME_PATTERN } from './experiment-schema';

// A report compares experiments (and sweep variants) from their cached artifacts only.

const ENTRY_PATTERN = '^[a-z0-9][a-z0-9-]{0,62}(/[A-Za-z0-9][A-Za-z0-9_.=-]{0,62})?$';

/** Which compared experiments the paper's claims are tested on (packages/report claims-table.ts). */
export const ClaimsSchema = Type.Object(
  {
    title: Type.Optional(
      Type.String({
        minLength: 1,
        description: 'What this table compares, shown in its heading; needed to tell several claims tables apart.',
      }),
    ),
    gan: Type.String({
      pattern: ENTRY_PATTERN,
      description:
        "The GAN side: an entry of `experiments` ('experiment' or 'experiment/variant'). An experiment with several variants is paired with the VAE side's variants of the same name (one claim row per pair).",
    }),
    vae: Type.String({ pattern: ENTRY_PATTERN, description: 'The VAE side, as for `gan`.' }),
    // Optional in the type: ajv fills no defaults inside the null-or-object union, so readers use `?? []`.
    latentSweeps: Type.Optional(
      Type.Array(Type.String({ pattern: NAME_PATTERN }), {
        default: [],
        uniqueItems: true,
        description:
          'Experiments of `experiments` whose variants differ in model.latentDim: the latent-size claims (paper 3.6, 3.8). Empty: the gan and vae sides themselves, when their variants differ in latentDim.',
      }),
    ),
  },
  { additionalProperties: false, description: 'The GAN and VAE sides of the claims table.' },
);

export const ReportSchema = Type.Object(
  {
    name: Type.String({ pattern: NAME_PATTERN, description: 'Report name: artifact folder and Nx project name.' }),
    title: Type.String({ minLength: 1, description: 'Title of report.md and index.html.' }),
    description: Type.String({ default: '', description: 'A paragraph shown under the title.' }),
    experiments: Type.Array(
      Type.String({
        pattern: ENTRY_PATTERN,
        description: "'experiment' (all its variants) or 'experiment/variant'.",
      }),
      { minItems: 1, uniqueItems: true, description: 'What to compare, in table order.' },
    ),
    sampleEpochs: Type.Array(Type.Integer({ minimum: 1 }), {
      default: [],
      description: 'Epochs shown side by side in figure 1 and 2; empty = every sampled epoch.',
    }),
    figureExperiments: Type.Array(Type.String({ pattern: ENTRY_PATTERN }), {
      default: [],
      uniqueItems: true,
      description:
        "Entries of `experiments` ('experiment' or 'experiment/variant') whose sample grids (figure 1) and latent maps (figure 2) the report shows; " +
        'empty = every compared variant. A sweep of many variants is then read from the tables and sweep charts instead of a figure each.',
    }),
    paperFigures: Type.Boolean({
      default: true,
      description: "Show the paper's own figures (FID 18.24 / 28.56, IS 2.76, error 0.092) next to ours.",
    }),
    claims: Type.Union([Type.Null(), ClaimsSchema, Type.Array(ClaimsSchema, { minItems: 1 })], {
      default: null,
      description:
        "The claims table: each claim of the paper's sections 3.8-3.8.3 and 4, the metric that tests it, our number for each side and whether it holds, computed from the sides' metrics.json. " +
        'A list gives one table per entry (e.g. the paper budgets on one seed, and every seed at a smaller scale), each with its `title`. null = no claims table.',
    }),
    figureTitles: Type.Record(Type.String({ pattern: '^[a-z][a-zA-Z0-9-]*$' }), Type.String(), {
      default: {},
      description: 'Override a figure title by figure id, e.g. `fig1-samples: "GAN samples"`.',
    }),
  },
  { additionalProperties: false, $id: 'https://genlab.dev/schema/report.json', description: 'A genlab report.' },
);

export type ReportSpec = Static<typeof ReportSchema>;
export type ClaimsSpec = Static<typeof ClaimsSchema>;

/** The report's claims tables, each with the YAML path of its entry (`['claims']` or `['claims', i]`). */
export function claimsTables(spec: Pick<ReportSpec, 'claims'>): { claims: ClaimsSpec; path: (string | number)[] }[] {
  const c = spec.claims;
  if (!c) return [];
  return Array.isArray(c) ? c.map((claims, i) => ({ claims, path: ['claims', i] })) : [{ claims: c, path: ['claims'] }];
}
