/** HTML errors for people, problem+json for the API, and the stylesheet with its cache headers. */
import { PublicCache } from '../../src/web/public-cache.ts';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import cookie from '@fastify/cookie';
import Fastify from 'fastify';
import { registerAuth } from '../../src/web/auth.ts';
import { pageRoutes } from '../../src/web/pages/pages.routes.ts';
import { sqlite } from '../helpers/databases.ts';
import { BASE_URL, startTestApp, type TestApp } from '../helpers/app.ts';
import { html, text } from './helpers.ts';

describe('page errors and assets', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp(sqlite);
  });
  after(async () => t?.close());

  it('answers an unknown page with an HTML 404 and a search box', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/no-such-page?q=x' });
    assert.equal(res.statusCode, 404);
    assert.match(String(res.headers['content-type']), /^text\/html/);
    assert.match(String(res.headers['content-security-policy']), /default-src 'none'/);
    const doc = html(res.body);
    assert.equal(text(doc.querySelector('h1')), 'ページが見つかりません');
    assert.ok(doc.querySelector('form[role="search"] input#q'));
  });

  it('keeps problem+json for unknown API routes', async () => {
    for (const url of ['/api/v1/nothing-here', '/api', '/api/']) {
      const res = await t.app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
      assert.equal(res.statusCode, 404, url);
      assert.match(String(res.headers['content-type']), /^application\/problem\+json/, url);
      assert.equal(res.json().code, 'ROUTE_NOT_FOUND');
    }
    const post = await t.app.inject({ method: 'POST', url: '/nothing', payload: {} });
    assert.equal(post.json().code, 'ROUTE_NOT_FOUND', 'other methods keep the server-wide handler');
  });

  it('renders an HTML 500 page with a reference and no stack trace when the database fails', async () => {
    const broken = { ...t.ctx, db: new Proxy(t.ctx.db, { get: () => () => { throw new Error('database is on fire'); } }) };
    const app = Fastify({ logger: false });
    await app.register(cookie);
    registerAuth(app, broken, { idleMinutes: 30, absoluteHours: 12 });
    const config = { publicBaseUrl: BASE_URL, maxBodyBytes: 1 << 20, sessionIdleMinutes: 30, sessionAbsoluteHours: 12, trustProxy: false, logLevel: 'silent' as const };
    await app.register(pageRoutes({ ctx: broken, config, cache: new PublicCache() }));
    await app.ready();
    try {
      const res = await app.inject({ method: 'GET', url: '/', headers: { 'accept-language': 'en' } });
      assert.equal(res.statusCode, 500);
      assert.match(String(res.headers['content-type']), /^text\/html/);
      assert.equal(res.headers['cache-control'], 'no-store');
      const doc = html(res.body);
      assert.equal(text(doc.querySelector('h1')), 'Something went wrong');
      assert.ok(doc.querySelector('main code'), 'a reference to quote');
      assert.doesNotMatch(res.body, /on fire|\.ts:\d+|at /);
      const json = await app.inject({ method: 'GET', url: '/labels/JS1-2026-000001-9', headers: { accept: 'application/json' } });
      assert.equal(json.statusCode, 500);
      assert.equal(json.json().code, 'INTERNAL');
    } finally {
      await app.close();
    }
  });

  it('serves the stylesheet with the Digital Agency tokens, an ETag and 304 on revalidation', async () => {
    const page = html((await t.app.inject({ method: 'GET', url: '/' })).body);
    const href = page.querySelector('link[rel="stylesheet"]')!.getAttribute('href')!;
    const res = await t.app.inject({ method: 'GET', url: href });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/css/);
    assert.equal(res.headers['cache-control'], 'public, max-age=86400');
    const etag = String(res.headers.etag);
    assert.match(etag, /^"[A-Za-z0-9_-]+"$/);
    assert.ok(res.body.includes('--color-primitive-blue-900: #0017c1'), 'design tokens included');
    assert.ok(res.body.includes('.status--revoked'), 'site rules included');
    assert.doesNotMatch(res.body, /@import|url\((?!"data:)/, 'no external fetches');
    const again = await t.app.inject({ method: 'GET', url: '/assets/site.css', headers: { 'if-none-match': `W/${etag}, "other"` } });
    assert.equal(again.statusCode, 304);
    assert.equal(again.body, '');
    const changed = await t.app.inject({ method: 'GET', url: '/assets/site.css', headers: { 'if-none-match': '"stale"' } });
    assert.equal(changed.statusCode, 200);
  });
});
