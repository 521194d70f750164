import { Type, type Static } from '@sinclair/typebox';
import { NAME_PATTERN } from './experiment-schema';

// A report compares experiments (and sweep variants) from their cached artifacts only.

export const ReportSchema = Type.Object(
  {
    name: Type.String({ pattern: NAME_PATTERN, description: 'Report name: artifact folder and Nx project name.' }),
    title: Type.String({ minLength: 1, description: 'Title of report.md and index.html.' }),
    description: Type.String({ default: '', description: 'A paragraph shown under the title.' }),
    experiments: Type.Array(
      Type.String({
        pattern: '^[a-z0-9][a-z0-9-]{0,62}(/[A-Za-z0-9][A-Za-z0-9_.=-]{0,62})?$',
        description: "'experiment' (all its variants) or 'experiment/variant'.",
      }),
      { minItems: 1, uniqueItems: true, description: 'What to compare, in table order.' },
    ),
    sampleEpochs: Type.Array(Type.Integer({ minimum: 1 }), {
      default: [],
      description: 'Epochs shown side by side in figure 1 and 2; empty = every sampled epoch.',
    }),
    paperFigures: Type.Boolean({ default: true, description: "Show the paper's own figures (FID 18.24 / 28.56, IS 2.76, error 0.092) next to ours." }),
    figureTitles: Type.Record(Type.String({ pattern: '^[a-z][a-zA-Z0-9-]*$' }), Type.String(), {
      default: {},
      description: 'Override a figure title by figure id, e.g. `fig1-samples: "GAN samples"`.',
    }),
  },
  { additionalProperties: false, $id: 'https://genlab.dev/schema/report.json', description: 'A genlab report.' },
);

export type ReportSpec = Static<typeof ReportSchema>;
