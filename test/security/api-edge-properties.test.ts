/**
 * Property tests of the JSON API's edge, on SQLite and PostgreSQL: random JSON bodies, bodies
 * shaped by each route's own request schema (so they get past the schema into the domain's
 * validators), hostile keys (__proto__), raw bytes under any content type and deep nesting go to
 * every state-changing route as every kind of caller. No answer may be a 5xx; every error is
 * problem+json whose code is in ERROR_CATALOGUE with that code's status, and the status is one
 * the route declares in the OpenAPI document. New routes are covered without editing this file.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { ERROR_CATALOGUE } from '../../src/domain/errors.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { createParties, issueLabelThroughApi, PRODUCT } from '../helpers/fixtures.ts';
import { anyText, NUL_REACHES_POSTGRES, params, RUNS } from './fuzz.ts';

type Schema = Record<string, any>;
/** Refusals of the body itself, before any route sees it: the same on every route, documented once in the catalogue. */
const BODY_PARSING = new Set(['MALFORMED_JSON', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE']);
interface Route { method: string; url: string; declared: Set<number> | undefined; body: Schema | undefined }

for (const dialect of DIALECTS) {
  describe(`${dialect.name}: JSON API edge properties`, { skip: dialect.skip }, () => {
    let t: TestApp;
    let routes: Route[];
    let callers: Array<Record<string, string>>;
    let known: string[];

    before(async () => {
      t = await startTestApp(dialect);
      const p = await createParties(t);
      const issued = await issueLabelThroughApi(t, p);
      const draft = (await t.app.inject({ method: 'POST', url: '/api/v1/applications', headers: p.vendorA.auth, payload: { productId: issued.productId, level: 1 } })).json();
      const items = [...t.ctx.catalog.criteria.values()].flatMap((c) => c.requirements.flatMap((r) => r.items.map((i) => i.id)));
      known = [issued.registrationNumber, issued.productId, issued.applicationId, draft.id, p.vendorA.vendorId!, p.vendorB.vendorId!, ...items.slice(0, 5),
        'router', 'JP', 'conforms', 'not_applicable', 'standard', 'psti', 'renewal', '2030-03-31', '2026-11-25T00:00:00.000Z', 'https://a.example/x', 'x@a.test', '7000012050002', ...PRODUCT.modelNumbers];
      callers = [{}, p.vendorA.auth, p.memberA.auth, p.vendorB.auth, p.reviewer.auth, p.admin.auth];
      const doc = t.app.swagger() as unknown as { paths: Record<string, Record<string, Schema>> };
      routes = t.app.routePermissions
        .filter((r) => ['POST', 'PATCH', 'PUT', 'DELETE'].includes(r.method))
        .map((r) => {
          const op = doc.paths[r.url.replace(/:(\w+)/g, '{$1}')]?.[r.method.toLowerCase()];
          const statuses = op?.responses ? new Set(Object.keys(op.responses).map(Number)) : undefined;
          return { method: r.method, url: r.url, declared: statuses, body: op?.requestBody?.content?.['application/json']?.schema };
        });
      assert.ok(routes.length >= 25, `${routes.length} state-changing routes`);
    });
    after(async () => t?.close());

    /** A value for a JSON schema: mostly of the right shape, sometimes anything at all. */
    const valueFor = (schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> => {
      const anything = fc.jsonValue({ maxDepth: 2 });
      if (!schema || depth > 4) return anything;
      const string = fc.oneof(anyText(30), fc.constantFrom(...known), fc.constantFrom('', ' ', 'a'.repeat(5000)));
      const alternatives = schema.anyOf ?? schema.oneOf;
      const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
      const shaped: fc.Arbitrary<unknown> = schema.enum
        ? fc.constantFrom(...schema.enum)
        : schema.const !== undefined
          ? fc.constant(schema.const)
          : alternatives
            ? fc.oneof(...alternatives.map((s: Schema) => valueFor(s, depth + 1)))
            : type === 'string' ? string
            : type === 'integer' ? fc.oneof(fc.integer({ min: -2, max: 1000 }), fc.integer(), fc.constant(2 ** 53))
            : type === 'number' ? fc.double()
            : type === 'boolean' ? fc.boolean()
            : type === 'null' ? fc.constant(null)
            : type === 'array' ? fc.array(valueFor(schema.items, depth + 1), { maxLength: 6 })
            : type === 'object' ? fc.record(Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, s]) => [k, valueFor(s as Schema, depth + 1)])), { requiredKeys: [] })
            : anything;
      return fc.oneof({ weight: 9, arbitrary: shaped }, { weight: 1, arbitrary: anything });
    };

    /** A path with its parameters filled: real ids mostly, random text sometimes. */
    const pathFor = (url: string) =>
      fc.array(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...known) }, { weight: 1, arbitrary: anyText(20) }, { weight: 1, arbitrary: fc.uuid() }), { minLength: 4, maxLength: 4 })
        .map((values) => {
          let i = 0;
          return url.replace(/:\w+|\*/g, () => encodeURIComponent(Buffer.from(values[i++]!).toString()));
        });

    const hostile = fc.constantFrom('{"__proto__":{"role":"operator_admin"}}', '{"constructor":{"prototype":{"role":"system"}}}', '{"a":1,"a":2}', '[]', '""', 'null', '1e999', '{"reason":"\\ud800"}');

    /** HTML form routes (pages) answer with pages; only the JSON API promises problem+json. */
    function assertDocumented(res: LightMyRequestResponse, route: Route, context: string, declared = true): void {
      assert.ok(res.statusCode < 500, `${context} → ${res.statusCode} ${res.body}`);
      if (res.statusCode < 400 || !route.url.startsWith('/api/')) return;
      assert.match(String(res.headers['content-type']), /^application\/problem\+json/, context);
      const body = res.json();
      const entry = ERROR_CATALOGUE[body.code as keyof typeof ERROR_CATALOGUE];
      assert.ok(entry, `${context}: code ${body.code} is not in the catalogue`);
      assert.equal(entry.status, res.statusCode, `${context}: ${body.code} has status ${entry.status}`);
      assert.equal(body.status, res.statusCode, context);
      if (declared && route.declared && !BODY_PARSING.has(body.code)) assert.ok(route.declared.has(res.statusCode), `${context} → ${res.statusCode} ${body.code}, not declared by the route`);
    }

    it('answers random and schema-shaped bodies on every state-changing route with a documented outcome', async () => {
      const request = fc.nat().chain((n) => {
        const route = routes[n % routes.length]!;
        const body = fc.oneof({ weight: 6, arbitrary: valueFor(route.body).map((v) => JSON.stringify(v) ?? 'null') }, { weight: 2, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) }, { weight: 1, arbitrary: hostile });
        return fc.record({ route: fc.constant(route), path: pathFor(route.url), caller: fc.nat(callers.length - 1), body });
      });
      await fc.assert(
        fc.asyncProperty(request, async ({ route, path, caller, body }) => {
          fc.pre(!(dialect.name === 'postgres' && NUL_REACHES_POSTGRES.includes(`${route.method} ${route.url}`) && body.includes('\\u0000')));
          const res = await t.app.inject({ method: route.method as 'POST', url: path, headers: { ...callers[caller], 'content-type': 'application/json' }, payload: body });
          assertDocumented(res, route, `${route.method} ${path} as caller ${caller} with ${body.slice(0, 300)}`);
        }),
        params(),
      );
    });

    it('answers any bytes under any content type without a 5xx', async () => {
      const contentType = fc.oneof(fc.constantFrom('application/json', 'application/json; charset=utf-16', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/problem+json', 'application/xml'), anyText(20));
      await fc.assert(
        fc.asyncProperty(fc.nat(), fc.nat(callers.length - 1), contentType, fc.oneof(fc.uint8Array({ maxLength: 200 }), anyText(200).map((s) => Buffer.from(s))), async (n, caller, type, bytes) => {
          const route = routes[n % routes.length]!;
          const url = route.url.replace(/:\w+|\*/g, known[n % known.length]!);
          const res = await t.app.inject({ method: route.method as 'POST', url, headers: { ...callers[caller], 'content-type': Buffer.from(type).toString('latin1') }, payload: Buffer.from(bytes) });
          assertDocumented(res, route, `${route.method} ${url} (${type}) with ${Buffer.from(bytes).toString('base64')}`, false);
        }),
        params(),
      );
    });

    it('answers deeply nested and very long bodies without a 5xx', async () => {
      await fc.assert(
        fc.asyncProperty(fc.nat(), fc.integer({ min: 1, max: 20_000 }), fc.constantFrom('[', '{"a":'), async (n, depth, open) => {
          const route = routes[n % routes.length]!;
          const close = open === '[' ? ']' : '}';
          const res = await t.app.inject({ method: route.method as 'POST', url: route.url.replace(/:\w+|\*/g, known[0]!), headers: { ...callers[5], 'content-type': 'application/json' }, payload: `${open.repeat(depth)}1${close.repeat(depth)}` });
          assertDocumented(res, route, `${route.method} ${route.url} nested ${depth}`, false);
        }),
        params(Math.max(1, Math.floor(RUNS / 10))),
      );
    });
  });
}
