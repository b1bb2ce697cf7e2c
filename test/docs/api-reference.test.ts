/** The API description: a valid OpenAPI 3.1 document, a generated reference that is current, and no route without a permission. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { validate } from '@readme/openapi-parser';
import Fastify from 'fastify';
import { API_DOC_PATH, renderApiReference } from '../../scripts/api-reference.ts';
import { registerAuth } from '../../src/web/auth.ts';
import { sqlite } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';

describe('API description', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp(sqlite);
  });
  after(async () => t?.close());

  it('serves a valid OpenAPI 3.1 document at /api/openapi.json', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    assert.equal(res.statusCode, 200);
    const spec = res.json();
    assert.equal(spec.openapi, '3.1.0');
    const result = await validate(structuredClone(spec));
    assert.equal(result.valid, true, JSON.stringify(result, null, 2));
    assert.ok(spec.paths['/api/v1/labels/{registrationNumber}'].get.responses['200']);
  });

  it('marks every authenticated API route with its security requirement', async () => {
    const spec = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    for (const route of t.app.routePermissions) {
      // Pages (portal, console, accounts) are for browsers and stay out of the API description.
      if (route.permission === 'public' || route.url === '/api/openapi.json' || !route.url.startsWith('/api/')) continue;
      const op = spec.paths[route.url.replace(/:([A-Za-z]+)/g, '{$1}')]?.[route.method.toLowerCase()];
      assert.ok(op, `${route.method} ${route.url} is documented`);
      assert.ok(op.security?.length, `${route.method} ${route.url} declares security`);
    }
  });

  it('keeps docs/api.md in step with the routes (run `npm run docs:api` after changing routes)', async () => {
    assert.equal(fs.readFileSync(API_DOC_PATH, 'utf8'), await renderApiReference());
  });

  it('refuses to register a route that declares no permission', async () => {
    const app = Fastify();
    registerAuth(app, t.ctx, { idleMinutes: 1, absoluteHours: 1 });
    assert.throws(() => app.get('/oops', async () => 'open'), /declares no permission/);
    assert.throws(() => app.get('/typo', { config: { permission: 'labels:mange' as never } }, async () => 'open'), /unknown permission/);
  });
});
