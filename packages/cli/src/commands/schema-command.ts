import { EvaluatorSchema, ExperimentSchema, ReportSchema } from '@genlab/spec';
import { UsageError } from '../exit-codes';

export const SCHEMA_HELP = `genlab schema [experiment|evaluator|report]

Prints the JSON Schema (2020-12) of a spec kind: every field with its description and default.
Point your editor's YAML language server at it for completion and inline errors.`;

export function schemaCommand(kind: string, out: (s: string) => void): number {
  const schemas = { experiment: ExperimentSchema, evaluator: EvaluatorSchema, report: ReportSchema } as const;
  const schema = schemas[kind as keyof typeof schemas];
  if (!schema) throw new UsageError(`unknown spec kind '${kind}' (experiment, evaluator, report)`);
  out(JSON.stringify({ $schema: 'https://json-schema.org/draft/2020-12/schema', ...schema }, null, 2) + '\n');
  return 0;
}
