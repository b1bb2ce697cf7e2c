/**
 * U+0000 in a path or query parameter, or in a JSON string field, on every route. SQLite stores
 * NUL like any character; PostgreSQL refuses it in text (error 22021), so a value that reached a
 * query unchecked would answer 500 there instead of a 4xx. The test lists every route where it
 * gets through, so a new route that forgets the check is named.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { createParties, issueLabelThroughApi, type Parties } from '../helpers/fixtures.ts';
import { NUL_REACHES_POSTGRES } from './fuzz.ts';


// Routes known to pass NUL to PostgreSQL (see fuzz.ts); the property tests once found the
// unsubscribe token, whose schema now admits only base64url characters.
const KNOWN_ON_POSTGRES = NUL_REACHES_POSTGRES.map((route) => `${route} token`);

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

    /** Every top-level string field of every JSON API body, with a NUL, long enough for its minimum length. */
    async function bodyFailures(): Promise<string[]> {
      type Field = { type?: string; minLength?: number; maxLength?: number };
      const doc = t.app.swagger() as unknown as { paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, Field> } }> } }>> };
      const failures: string[] = [];
      for (const route of t.app.routePermissions.filter((r) => r.method !== 'GET' && r.url.startsWith('/api/'))) {
        const op = doc.paths[route.url.replace(/:(\w+)/g, '{$1}')]?.[route.method.toLowerCase()];
        const fields = Object.entries(op?.requestBody?.content?.['application/json']?.schema?.properties ?? {}).filter(([, f]) => f.type === 'string');
        const url = route.url.replace(/:registrationNumber/g, rn).replace(/:\w+|\*/g, '00000000-0000-4000-8000-000000000000');
        for (const [name, field] of fields) {
          const value = `a\u0000${'a'.repeat(Math.max(0, (field.minLength ?? 0) - 2))}`.slice(0, field.maxLength ?? 1000);
          const res = await t.app.inject({ method: route.method as 'POST', url, headers: p.admin.auth, payload: { [name]: value } });
          if (res.statusCode >= 500) failures.push(`${route.method} ${route.url} ${name}`);
        }
      }
      return failures;
    }

    it('never answers 500 to a NUL in a JSON string field (but the one listed below)', async () => {
      const known = dialect.name === 'postgres' ? KNOWN_ON_POSTGRES : [];
      assert.deepEqual((await bodyFailures()).filter((f) => !known.includes(f)), []);
    });

    it('never answers 500 to a NUL in the unsubscribe token', async () => {
      assert.deepEqual((await bodyFailures()).filter((f) => f.startsWith('POST /api/v1/subscriptions/unsubscribe')), []);
    });
  });
}
