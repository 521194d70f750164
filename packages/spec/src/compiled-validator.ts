import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type Ajv2020 from 'ajv/dist/2020';
import type { ValidateFunction } from 'ajv/dist/2020';
import type { TSchema } from '@sinclair/typebox';

// ajv turns a schema into JavaScript; for our three schemas that takes 0.3-0.8 s, more than the
// rest of `genlab validate`. ajv can print that code as a module (ajv/dist/standalone), so it
// is written once to node_modules/.cache/genlab/ under a key of the schema, the ajv options and
// ajv's version, and required from there on later runs. A missing, stale or unwritable cache
// only means compiling again.

/** node_modules/.cache/genlab of the workspace this package is installed in. */
export function validatorCacheDir(): string {
  if (process.env.GENLAB_VALIDATOR_CACHE) return process.env.GENLAB_VALIDATOR_CACHE;
  return join(__dirname, '..', '..', '..', 'node_modules', '.cache', 'genlab');
}

function ajvVersion(): string {
  return (JSON.parse(readFileSync(require.resolve('ajv/package.json'), 'utf8')) as { version: string }).version;
}

/** The key of a compiled validator: what its generated code depends on. */
export function validatorKey(schema: TSchema, options: object): string {
  return createHash('sha256')
    .update(JSON.stringify({ ajv: ajvVersion(), options, schema }))
    .digest('hex')
    .slice(0, 20);
}

/** The validator of `schema`: from the on-disk cache when its key matches, else compiled (and stored). */
export function loadCompiledValidator(schema: TSchema, options: object, ajv: () => Ajv2020): ValidateFunction {
  const dir = validatorCacheDir();
  const file = join(dir, `validator-${validatorKey(schema, options)}.cjs`);
  if (existsSync(file)) {
    try {
      return require(file) as ValidateFunction;
    } catch {
      // A corrupt file (a killed write cannot leave one, but a disk can): compile again.
    }
  }
  const instance = ajv();
  const validate = instance.compile(schema);
  try {
    const standaloneCode = (require('ajv/dist/standalone') as { default: (a: Ajv2020, v: ValidateFunction) => string }).default;
    mkdirSync(dir, { recursive: true });
    const tmp = `${file}.tmp-${process.pid}`;
    // The generated code requires ajv's runtime helpers by package name; pin them to this
    // install's files so the module loads from wherever the cache folder is.
    const code = standaloneCode(instance, validate).replace(
      /require\("(ajv\/dist\/[^"]+)"\)/g,
      (_, m: string) => `require(${JSON.stringify(require.resolve(m))})`,
    );
    writeFileSync(tmp, code);
    renameSync(tmp, file);
  } catch {
    // Read-only node_modules: validation works, it is just not faster next time.
  }
  return validate;
}
