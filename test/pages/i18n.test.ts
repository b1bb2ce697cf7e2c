/** Languages: the message catalogues match, and the page language follows ?lang, cookie, Accept-Language. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { en } from '../../src/web/pages/i18n/en.ts';
import { ja } from '../../src/web/pages/i18n/ja.ts';
import { sqlite } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { html, text } from './helpers.ts';

/** Every key path of a message catalogue, with the kind of value (text or function) and its arity. */
function shape(value: unknown, prefix = ''): string[] {
  if (typeof value === 'function') return [`${prefix} fn/${value.length}`];
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => shape(v, prefix ? `${prefix}.${k}` : k)).sort();
  return [`${prefix} ${typeof value}`];
}

describe('page languages', () => {
  it('has the same keys, with the same kinds of value, in ja.ts and en.ts', () => {
    assert.deepEqual(shape(en), shape(ja));
    assert.ok(shape(ja).length > 100);
  });

  it('has no empty message in either language', () => {
    for (const catalogue of [ja, en]) {
      for (const path of shape(catalogue)) {
        const keys = path.split(' ')[0]!.split('.');
        const value = keys.reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], catalogue);
        const rendered = typeof value === 'function' ? (value as (...a: unknown[]) => string)(1, 2, 3) : value;
        assert.ok(typeof rendered === 'string' && rendered.trim().length > 0, `${catalogue.lang}: ${path}`);
      }
    }
  });

  describe('choosing the language', () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(sqlite);
    });
    after(async () => t?.close());

    const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });
    const langOf = (body: string) => html(body).querySelector('html')?.getAttribute('lang');

    it('is Japanese without any hint', async () => {
      const res = await get('/');
      assert.equal(langOf(res.body), 'ja');
      assert.equal(text(html(res.body).querySelector('h1')), '適合ラベル取得製品の検索');
      const link = html(res.body).querySelector('.lang-nav a');
      assert.equal(link?.getAttribute('href'), '/?lang=en');
      assert.equal(link?.getAttribute('lang'), 'en');
      assert.equal(text(link), 'English');
    });

    it('follows Accept-Language when there is no cookie', async () => {
      assert.equal(langOf((await get('/', { 'accept-language': 'en-GB,en;q=0.9' })).body), 'en');
      assert.equal(langOf((await get('/', { 'accept-language': 'fr-FR, en;q=0.5, ja;q=0.8' })).body), 'ja');
      assert.equal(langOf((await get('/', { 'accept-language': 'de' })).body), 'ja');
      const english = html((await get('/', { 'accept-language': 'en' })).body);
      assert.equal(text(english.querySelector('h1')), 'Search labelled products');
      assert.equal(english.querySelector('.lang-nav a')?.getAttribute('href'), '/?lang=ja');
    });

    it('switches with ?lang=en, remembers it in a cookie, and the cookie beats Accept-Language', async () => {
      const res = await get('/?lang=en', { 'accept-language': 'ja' });
      assert.equal(res.statusCode, 200);
      assert.equal(langOf(res.body), 'en');
      const cookie = String(res.headers['set-cookie']);
      assert.match(cookie, /^lang=en;/);
      assert.match(cookie, /Path=\//);
      assert.match(cookie, /SameSite=Lax/);
      assert.match(cookie, /Max-Age=31536000/);
      assert.equal(res.headers['cache-control'], 'private, max-age=0', 'a response that sets a cookie is not shared');
      const next = await get('/', { 'accept-language': 'ja', cookie: 'lang=en' });
      assert.equal(langOf(next.body), 'en');
      assert.equal(next.headers['set-cookie'], undefined);
      const back = await get('/?lang=ja', { cookie: 'lang=en' });
      assert.equal(langOf(back.body), 'ja');
      assert.match(String(back.headers['set-cookie']), /^lang=ja;/);
    });

    it('ignores an unknown language and a forged cookie', async () => {
      const res = await get('/?lang=fr', { cookie: 'lang=<script>' });
      assert.equal(langOf(res.body), 'ja');
      assert.equal(res.headers['set-cookie'], undefined);
    });

    it('keeps the search in the language switch link, and never links off-site', async () => {
      const doc = html((await get(`/?q=${encodeURIComponent('カメラ')}&status=valid`)).body);
      const href = doc.querySelector('.lang-nav a')!.getAttribute('href')!;
      const url = new URL(href, 'https://x.test');
      assert.equal(url.pathname, '/');
      assert.equal(url.searchParams.get('q'), 'カメラ');
      assert.equal(url.searchParams.get('status'), 'valid');
      assert.equal(url.searchParams.get('lang'), 'en');
      const notFound = html((await get('//evil.example/path')).body);
      assert.match(notFound.querySelector('.lang-nav a')!.getAttribute('href')!, /^\/[^/]/);
    });

    it('switches the label page, the 404 page and the error pages too', async () => {
      const res = await get('/labels/JS1-2099-000001-0?lang=en');
      assert.equal(res.statusCode, 404);
      assert.equal(langOf(res.body), 'en');
      assert.equal(text(html(res.body).querySelector('h1')), 'Label not found');
      const page = await get('/no/such/page', { 'accept-language': 'en' });
      assert.equal(page.statusCode, 404);
      assert.equal(text(html(page.body).querySelector('h1')), 'Page not found');
    });
  });
});
