/**
 * Property: whatever a vendor uploads, the import either succeeds or refuses with a documented
 * problem; it never fails unexpectedly (a 5xx). Random mutations of valid advisories (replaced,
 * deleted, duplicated or retyped nodes anywhere in the tree) reach past the schema into matching
 * and storage often enough to matter. FUZZ_RUNS sets the number of cases (default 100).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { importAdvisory } from '../../src/app/advisories/import-advisory.ts';
import { getAdvisory, getAdvisoryDocument } from '../../src/app/advisories/list-advisories.ts';
import { createProduct } from '../../src/app/products/create-product.ts';
import { canonicalJson } from '../../src/app/transparency/log-leaf.ts';
import { DomainError } from '../../src/domain/errors.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { createParties, type Parties } from '../helpers/fixtures.ts';
import { actor, cameraCatalogue, fixture, sample } from './setup.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 100);
/** What an import may answer: the use case's codes, plus what the HTTP layer says about the body itself. */
const USE_CASE_CODES = new Set(['CSAF_INVALID', 'ADVISORY_NOT_MATCHED', 'ADVISORY_REVISION_STALE']);
const HTTP_CODES = new Set([...USE_CASE_CODES, 'VALIDATION_FAILED', 'MALFORMED_JSON']);

type Path = Array<string | number>;

function allPaths(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => allPaths(v, [...prefix, i], out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) allPaths(v, [...prefix, k], out);
  return out;
}

const Mutation = fc.record({
  at: fc.nat(),
  op: fc.constantFrom('replace', 'delete', 'duplicate', 'text', 'number', 'swap'),
  value: fc.jsonValue({ maxDepth: 2 }),
  text: fc.oneof(fc.string({ unit: 'binary', maxLength: 20 }), fc.constantFrom('', 'CSAFPID-0001', 'CSAFGID-0001', 'NC-200', '2000-01-01T00:00:00Z', '2199-01-01T00:00:00Z', 'Unknown product', 'known_affected')),
  number: fc.oneof(fc.double(), fc.integer()),
});

/** Applies mutations at paths chosen among the nodes of the document as it stands. */
function mutate(document: unknown, mutations: Array<typeof Mutation extends fc.Arbitrary<infer M> ? M : never>): unknown {
  let doc = structuredClone(document);
  for (const m of mutations) {
    const paths = allPaths(doc);
    const path = paths[m.at % paths.length]!;
    if (path.length === 0) {
      if (m.op === 'replace') doc = m.value;
      continue;
    }
    const parent: any = path.slice(0, -1).reduce((node: any, key) => node[key], doc);
    const key = path.at(-1)!;
    switch (m.op) {
      case 'replace': parent[key] = m.value; break;
      case 'delete': if (Array.isArray(parent)) parent.splice(Number(key), 1); else delete parent[key]; break;
      case 'duplicate': if (Array.isArray(parent)) parent.splice(Number(key), 0, structuredClone(parent[Number(key)])); else parent[`${key}_copy`] = structuredClone(parent[key]); break;
      case 'text': parent[key] = m.text; break;
      case 'number': parent[key] = m.number; break;
      case 'swap': { // move the node to another place of the same parent: ids between status lists, branches between levels
        const siblings = Array.isArray(parent) ? parent.map((_, i) => i) : Object.keys(parent);
        const other = siblings[m.at % siblings.length]!;
        [parent[key], parent[other]] = [parent[other], parent[key]];
        break;
      }
    }
  }
  return JSON.parse(JSON.stringify(doc) ?? 'null');
}

const Case = fc.record({ base: fc.nat({ max: 1 }), mutations: fc.array(Mutation, { minLength: 1, maxLength: 4 }) });

for (const dialect of DIALECTS) {
  describe(`${dialect.name}: advisory import under random mutations`, { skip: dialect.skip }, () => {
    let t: TestApp;
    let p: Parties;
    const bases = [fixture(), sample('valid', 'bsi-2022-0001.json')];
    before(async () => {
      t = await startTestApp(dialect);
      p = await createParties(t);
      await cameraCatalogue(t, p);
      await createProduct(t.ctx, actor(p.vendorA, 'vendor_admin'), { nameJa: 'コンバーター', nameEn: 'CVRF-CSAF-Converter', category: 'other', modelNumbers: ['CC-1'] });
    });
    after(async () => t?.close());

    it(`use case: imported or a documented refusal (${RUNS} runs)`, async () => {
      const outcomes = new Map<string, number>();
      await fc.assert(
        fc.asyncProperty(Case, async ({ base, mutations }) => {
          const document = mutate(bases[base], mutations);
          const a = actor(p.vendorA, 'vendor_admin');
          let outcome: string;
          try {
            const report = await importAdvisory(t.ctx, a, { document });
            const detail = await getAdvisory(t.ctx, a, report.advisory.id);
            assert.equal(detail.productFindings.length, Object.values(report.findings).reduce((x, y) => x + y, 0));
            assert.ok(detail.productFindings.length > 0);
            assert.equal((await getAdvisoryDocument(t.ctx, a, report.advisory.id)).json, canonicalJson(document));
            outcome = 'imported';
          } catch (error) {
            if (!(error instanceof DomainError) || !USE_CASE_CODES.has(error.code)) throw error;
            outcome = error.code;
          }
          outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
        }),
        { numRuns: RUNS },
      );
      if (RUNS >= 100) {
        assert.ok((outcomes.get('imported') ?? 0) > 0, `some mutations still import: ${JSON.stringify([...outcomes])}`);
        assert.ok((outcomes.get('CSAF_INVALID') ?? 0) > 0, `some mutations are refused: ${JSON.stringify([...outcomes])}`);
      }
    });

    it(`HTTP: never a 5xx (${RUNS} runs)`, async () => {
      await fc.assert(
        fc.asyncProperty(Case, async ({ base, mutations }) => {
          const payload = JSON.stringify(mutate(bases[base], mutations));
          const res = await t.app.inject({ method: 'POST', url: '/api/v1/advisories', headers: { ...p.vendorA.auth, 'content-type': 'application/json' }, payload });
          assert.ok(res.statusCode < 500, `${res.statusCode} ${res.body}`);
          if (res.statusCode >= 400) assert.ok(HTTP_CODES.has(res.json().code), res.body);
          else assert.equal(res.statusCode, 201, res.body);
        }),
        { numRuns: RUNS },
      );
    });
  });
}
