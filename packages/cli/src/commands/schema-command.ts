import { EvaluatorSchema, ExperimentSchema, ReportSchema } from '@genlab/spec';
import { UsageError } from '../exit-codes';
import { defineCommand } from '../command-declaration';

export const SCHEMA_DECLARATION = defineCommand({
  name: 'schema',
  usage: ['schema [kind]'],
  summary: 'print the JSON Schema of experiment|evaluator|report specs',
  description: `Prints the JSON Schema (2020-12) of a spec kind: every field with its description and default.
Point your editor's YAML language server at it for completion and inline errors.`,
  args: [{ name: '[kind]', help: 'experiment (the default), evaluator or report' }],
  flags: {},
  run: (c) => schemaCommand(c.positionals[0] ?? 'experiment', c.out),
});

export function schemaCommand(kind: string, out: (s: string) => void): number {
  const schemas = { experiment: ExperimentSchema, evaluator: EvaluatorSchema, report: ReportSchema } as const;
  const schema = schemas[kind as keyof typeof schemas];
  if (!schema) throw new UsageError(`unknown spec kind '${kind}' (experiment, evaluator, report)`);
  out(JSON.stringify({ $schema: 'https://json-schema.org/draft/2020-12/schema', ...schema }, null, 2) + '\n');
  return 0;
}
