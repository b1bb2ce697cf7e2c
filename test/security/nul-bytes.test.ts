/**
 * U+0000 in a path or query parameter, on every route. SQLite stores NUL like any character;
 * PostgreSQL refuses it in text (error 22021), so a parameter that reaches a query unchecked
 * answers 500 there instead of 400 or 404. JSON string fields are refused before (schema
 * patterns or domain checks); path and query parameters are not yet. The random HTTP properties
 * leave NUL out on PostgreSQL (see withoutNul in fuzz.ts), and this test lists every place it
 * still gets through.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { createParties, issueLabelThroughApi, type Parties } from '../helpers/fixtures.ts';


for (const dialect of DIALECTS) {
  describe(`${dialect.name}: NUL in parameters`, { skip: dialect.skip }, () => {
    let t: TestApp;
    let p: Parties;
    let rn: string;
    before(async () => {
      t = await startTestApp(dialect);
      p = await createParties(t);
      rn = (await issueLabelThroughApi(t, p)).registrationNumber;
    });
    after(async () => t?.close());

    it('never answers 500 to a NUL in a path or query parameter', async () => {
      const doc = t.app.swagger() as unknown as { paths: Record<string, Record<string, { parameters?: Array<{ in: string; name: string }> }>> };
      const failures: string[] = [];
      for (const route of t.app.routePermissions) {
        const op = doc.paths[route.url.replace(/:(\w+)/g, '{$1}')]?.[route.method.toLowerCase()];
        const queries = (op?.parameters ?? []).filter((q) => q.in === 'query').map((q) => q.name);
        const withNul = route.url.replace(/:\w+|\*/g, (m) => (m === ':registrationNumber' ? `${rn}%00` : 'a%00'));
        const urls = [...(withNul !== route.url ? [withNul] : []), ...queries.map((q) => `${route.url.replace(/:registrationNumber/g, rn).replace(/:\w+|\*/g, 'x')}?${q}=a%00`)];
        for (const url of urls) {
          const res = await t.app.inject({ method: route.method as 'GET', url, headers: p.admin.auth, ...(route.method !== 'GET' && route.method !== 'DELETE' && { payload: {} }) });
          if (res.statusCode >= 500) failures.push(`${route.method} ${url} → ${res.statusCode}`);
        }
      }
      const cursor = Buffer.from(JSON.stringify(['2026-11-25T00:00:00.000Z\u0000', 'x'])).toString('base64url');
      for (const url of [`/api/v1/labels?cursor=${cursor}`]) {
        const res = await t.app.inject({ method: 'GET', url });
        if (res.statusCode >= 500) failures.push(`GET ${url} (a cursor holding NUL) → ${res.statusCode}`);
      }
      assert.deepEqual(failures, []);
    });

    it('never answers 500 to a NUL in a JSON string field', async () => {
      const doc = t.app.swagger() as unknown as { paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, { type?: string }> } }> } }>> };
      const failures: string[] = [];
      for (const route of t.app.routePermissions.filter((r) => r.method !== 'GET' && r.url.startsWith('/api/'))) {
        const op = doc.paths[route.url.replace(/:(\w+)/g, '{$1}')]?.[route.method.toLowerCase()];
        const fields = Object.entries(op?.requestBody?.content?.['application/json']?.schema?.properties ?? {}).filter(([, s]) => s.type === 'string');
        const url = route.url.replace(/:registrationNumber/g, rn).replace(/:\w+|\*/g, '00000000-0000-4000-8000-000000000000');
        for (const [name] of fields) {
          const res = await t.app.inject({ method: route.method as 'POST', url, headers: p.admin.auth, payload: { [name]: 'a\u0000' } });
          if (res.statusCode >= 500) failures.push(`${route.method} ${url} {${name}: "a\\u0000"} → ${res.statusCode}`);
        }
      }
      assert.deepEqual(failures, []);
    });
  });
}
