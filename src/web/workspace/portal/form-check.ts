/**
 * Form input is checked against the API's own request schemas (src/web/schemas.ts) with Ajv
 * configured like Fastify's, so a value the API would refuse is refused by the form with the same
 * rule (lengths, no control characters, date shapes), before the use case runs.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import formatsPlugin from 'ajv-formats';
import type { TSchema } from '@sinclair/typebox';
import type { FieldError } from '../../../domain/errors.ts';

const ajv = new Ajv({ allErrors: true, removeAdditional: false, strict: false });
// ajv-formats is CommonJS: its default export is the plugin, or wraps it.
const addFormats = ((formatsPlugin as unknown as { default?: typeof formatsPlugin }).default ?? formatsPlugin) as unknown as (a: Ajv) => void;
addFormats(ajv);
const compiled = new WeakMap<TSchema, ValidateFunction>();

/** Every violation as a field error (pointer into the value, Ajv's message). */
export function schemaErrors(schema: TSchema, value: unknown): FieldError[] {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  if (validate(value)) return [];
  const errors: FieldError[] = [];
  for (const e of validate.errors ?? []) {
    // Nullable fields report the null branch and the union too; the specific error is enough.
    if (e.keyword === 'anyOf' || (e.keyword === 'type' && (e.params as { type?: string }).type === 'null')) continue;
    const missing = e.keyword === 'required' ? `/${(e.params as { missingProperty: string }).missingProperty}` : '';
    const pointer = `${e.instancePath}${missing}` || '/';
    if (errors.some((x) => x.pointer === pointer)) continue;
    errors.push({ pointer, detail: describe(e) });
  }
  return errors;
}

function describe(e: ErrorObject): string {
  if (e.keyword === 'required') return 'is required';
  if (e.keyword === 'pattern') {
    const pattern = String((e.params as { pattern?: string }).pattern);
    return pattern.includes('\\d{4}') ? 'must be a date (YYYY-MM-DD)' : 'must not contain control characters';
  }
  return e.message ?? 'is invalid';
}
