import { Ajv, type ValidateFunction } from 'ajv';
import type { TSchema } from 'typebox';
import { FixtureError } from '../core/dialect.ts';

const ajv = new Ajv({ coerceTypes: false, useDefaults: true, strict: false, allErrors: false, verbose: true });
const compiled = new WeakMap<TSchema, ValidateFunction>();

/**
 * A fixture bundle checked against its dialect's schema; a bad one is a FixtureError (400) that
 * names the path of the first bad field, and the field's title when its schema has one.
 */
export function checkBundle<T>(dialect: string, schema: TSchema, body: unknown): T {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  if (validate(body)) return body as T;
  const first = validate.errors![0];
  const missing = (first.params as { missingProperty?: string; additionalProperty?: string }) ?? {};
  const path = first.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const field = [path, missing.missingProperty ?? missing.additionalProperty].filter(Boolean).join('.');
  const title = (first.parentSchema as { title?: string } | undefined)?.title;
  const what = field ? `'${field}'${title ? ` (${title})` : ''}` : 'the bundle';
  const why = missing.additionalProperty ? 'is not a field of the bundle' : first.message ?? 'is invalid';
  throw new FixtureError(`${dialect} fixture bundle: ${what} ${why}`);
}
