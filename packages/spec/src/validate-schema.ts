import type Ajv2020 from 'ajv/dist/2020';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import type { TSchema } from '@sinclair/typebox';
import { loadCompiledValidator } from './compiled-validator';
import type { SpecIssue } from './spec-error';
import type { YamlSource } from './yaml-source';
import { didYouMean } from './closest-name';

// ajv fills defaults (useDefaults) and reports every error (allErrors). Its raw errors are
// regrouped here so a researcher sees one line per mistake, with file:line:col.

export const AJV_OPTIONS = { allErrors: true, useDefaults: true, discriminator: true, strict: false, verbose: true } as const;
let ajv: Ajv2020 | undefined;
const compiled = new WeakMap<TSchema, ValidateFunction>();

export function validateAgainst(schema: TSchema, value: unknown, source: YamlSource): SpecIssue[] {
  let validate = compiled.get(schema);
  if (!validate) {
    // Compiling a schema costs ajv most of a second; its generated code is kept on disk
    // (compiled-validator.ts), so only the first run after a schema change pays.
    // ajv itself (80-odd modules) loads only to compile: every stage process starts faster.
    validate = loadCompiledValidator(
      schema,
      AJV_OPTIONS,
      () => (ajv ??= new (require('ajv/dist/2020') as { default: typeof Ajv2020 }).default({ ...AJV_OPTIONS, code: { source: true } })),
    );
    compiled.set(schema, validate);
  }
  if (validate(value)) return [];
  return condense(validate.errors ?? []).map((e) => toIssue(e, value, source));
}

/** Drops the per-branch noise under an anyOf/oneOf error, keeping what the branches allowed. */
function condense(errors: ErrorObject[]): (ErrorObject & { allowed?: string[] })[] {
  const unions = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  const out: (ErrorObject & { allowed?: string[] })[] = [];
  for (const e of errors) {
    const parent = unions.find(
      (u) => u !== e && u.instancePath === e.instancePath && e.schemaPath.startsWith(u.schemaPath.replace(/\/(anyOf|oneOf)$/, '/')),
    );
    if (parent) continue;
    if (unions.includes(e)) {
      const branches = errors.filter((b) => b !== e && b.instancePath === e.instancePath && b.schemaPath.startsWith(e.schemaPath + '/'));
      out.push({ ...e, allowed: [...new Set(branches.map(describeExpected))] });
    } else {
      out.push(e);
    }
  }
  return out;
}

function toIssue(e: ErrorObject & { allowed?: string[] }, root: unknown, source: YamlSource): SpecIssue {
  const segs = e.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const value = segs.reduce<unknown>((v, s) => (v as Record<string, unknown> | undefined)?.[s], root);
  if (e.keyword === 'additionalProperties') {
    const key = (e.params as { additionalProperty: string }).additionalProperty;
    const allowed = Object.keys((e.parentSchema as { properties?: object }).properties ?? {});
    return {
      ...source.at([...segs, key], { key: true }),
      path: [...segs, key].join('.'),
      expected: `one of the known keys (${allowed.join(', ')})`,
      found: `unknown key '${key}'${didYouMean(key, allowed)}`,
    };
  }
  if (e.keyword === 'required') {
    const missing = (e.params as { missingProperty: string }).missingProperty;
    return {
      ...source.at(segs),
      path: [...segs, missing].join('.'),
      expected: `a value for '${missing}'`,
      found: 'nothing (it is required)',
    };
  }
  if (e.keyword === 'discriminator') {
    return {
      ...source.at(segs),
      path: [...segs, 'type'].join('.'),
      expected: `a layer type (${layerTypes(e)})`,
      found: describeValue((value as { type?: unknown })?.type),
    };
  }
  const expected = e.allowed?.length ? `one of: ${e.allowed.join(' | ')}` : describeExpected(e);
  return { ...source.at(segs), path: segs.join('.'), expected, found: describeValue(value) };
}

function layerTypes(e: ErrorObject): string {
  const branches = (e.parentSchema as { oneOf?: { properties: { type: { const: string } } }[] }).oneOf ?? [];
  return branches.map((b) => b.properties.type.const).join(', ');
}

function describeExpected(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'type':
      return `${p.type}`;
    case 'const':
      return JSON.stringify(p.allowedValue);
    case 'enum':
      return `one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'minimum':
      return `a number >= ${p.limit}`;
    case 'maximum':
      return `a number <= ${p.limit}`;
    case 'exclusiveMinimum':
      return `a number > ${p.limit}`;
    case 'exclusiveMaximum':
      return `a number < ${p.limit}`;
    case 'minItems':
      return `a list of at least ${p.limit} item(s)`;
    case 'maxItems':
      return `a list of at most ${p.limit} item(s)`;
    case 'minLength':
      return `a string of at least ${p.limit} character(s)`;
    case 'pattern':
      return `a string matching ${p.pattern}`;
    case 'uniqueItems':
      return 'a list without duplicates';
    default:
      return e.message ?? e.keyword;
  }
}

export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v))
    return `a list [${v
      .slice(0, 4)
      .map((x) => (typeof x === 'number' ? String(x) : JSON.stringify(x)))
      .join(', ')}${v.length > 4 ? ', ...' : ''}]`;
  if (typeof v === 'object') return 'a mapping';
  // JSON.stringify(NaN) is "null", which told users they wrote null.
  if (typeof v === 'number' && !Number.isFinite(v)) return `number ${String(v)}`;
  return `${typeof v} ${JSON.stringify(v)}`;
}
