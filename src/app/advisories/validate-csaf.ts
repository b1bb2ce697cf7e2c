/**
 * CSAF 2.0 validation with the BSI's csaf-validator-lib: the JSON schema tests and every mandatory
 * test (section 6.1). The library is large, so it is loaded on the first import only. Some of its
 * tests assume a schema-valid shape and throw on anything else; each test therefore runs on its
 * own, and a test that cannot run on a document the schema already refused adds nothing.
 */
import { createHash } from 'node:crypto';
import { DomainError, type FieldError } from '../../domain/errors.ts';
import { canonicalJson } from '../transparency/log-leaf.ts';

interface TestResult {
  name: string;
  isValid: boolean;
  errors: Array<{ instancePath: string; message?: string }>;
}
type DocumentTest = ((doc: unknown) => unknown) & { name: string };
type Validate = (tests: DocumentTest[], doc: unknown) => Promise<{ isValid: boolean; tests: TestResult[] }>;

interface Validator {
  validate: Validate;
  schemaTests: DocumentTest[];
  mandatoryTests: DocumentTest[];
}

// The package ships no type declarations; a computed specifier keeps the import untyped here.
const LIB = '@secvisogram/csaf-validator-lib';
let loaded: Promise<Validator> | undefined;

function validator(): Promise<Validator> {
  loaded ??= (async () => {
    const [main, schema, mandatory] = await Promise.all([
      import(`${LIB}/validate.js`),
      import(`${LIB}/schemaTests.js`),
      import(`${LIB}/mandatoryTests.js`),
    ]);
    return {
      validate: main.default as Validate,
      schemaTests: Object.values(schema) as DocumentTest[],
      mandatoryTests: Object.values(mandatory) as DocumentTest[],
    };
  })();
  return loaded;
}

/** Deeper than any real advisory; deeper input would overflow recursive validators and serializers. */
export const MAX_DEPTH = 64;

function tooDeep(value: unknown): string | undefined {
  const stack: Array<[unknown, string, number]> = [[value, '', 0]];
  while (stack.length) {
    const [node, pointer, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth >= MAX_DEPTH) return pointer;
    for (const [key, child] of Object.entries(node)) {
      stack.push([child, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, depth + 1]);
    }
  }
  return undefined;
}

/** Every failed test is listed, each with at most this many errors; `errorCount` gives the total. */
export const ERRORS_PER_TEST = 100;

/** The import input is `{ document }`, so pointers into the CSAF file start with `/document`. */
const BASE = '/document';

export interface CheckedCsaf {
  /** RFC 8785 canonical JSON of the document: what is stored, served and hashed. */
  canonical: string;
  sha256: string;
}

/**
 * Validates a CSAF 2.0 document. Throws CSAF_INVALID listing every failed test, each error as
 * `{ pointer, detail: '<test name>: <message>' }`; `failedTests` names the tests, `errorCount`
 * counts the distinct errors (a broken generator can produce thousands).
 */
export async function validateCsaf(document: unknown): Promise<CheckedCsaf> {
  const deep = tooDeep(document);
  if (deep !== undefined) {
    throw new DomainError('CSAF_INVALID', `The document nests deeper than ${MAX_DEPTH} levels`, [
      { pointer: BASE + deep, detail: `nesting: more than ${MAX_DEPTH} levels` },
    ], { failedTests: ['nesting'] });
  }
  const { validate, schemaTests, mandatoryTests } = await validator();
  const results: TestResult[] = [...(await validate(schemaTests, document)).tests];
  const schemaValid = results.every((r) => r.isValid);
  for (const test of mandatoryTests) {
    try {
      results.push(...(await validate([test], document)).tests);
    } catch (error) {
      if (schemaValid) {
        results.push({ name: test.name, isValid: false, errors: [{ instancePath: '', message: `could not be checked (${(error as Error).message})` }] });
      }
    }
  }
  const failed = results.filter((r) => !r.isValid);
  if (failed.length) {
    const seen = new Set<string>();
    const fields: FieldError[] = [];
    for (const test of failed) {
      const errors = test.errors.length ? test.errors : [{ instancePath: '', message: 'failed' }];
      let listed = 0;
      for (const e of errors) {
        const field = { pointer: BASE + e.instancePath, detail: `${test.name}: ${e.message ?? 'failed'}` };
        const key = `${field.pointer}\u0000${field.detail}`;
        if (seen.has(key)) continue;
        seen.add(key);
        if (listed++ < ERRORS_PER_TEST) fields.push(field);
      }
    }
    const names = failed.map((t) => t.name);
    throw new DomainError('CSAF_INVALID', `The CSAF document failed ${names.length} test(s): ${names.join(', ')}`, fields, { failedTests: names, errorCount: seen.size });
  }
  const canonical = canonicalJson(document);
  return { canonical, sha256: createHash('sha256').update(canonical, 'utf8').digest('hex') };
}
