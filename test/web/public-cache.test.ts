/** Cached public label responses never hide a change: edits, label events and time all show at once. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PublicCache, cacheDeadline } from '../../src/web/public-cache.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { createParties, issueLabelThroughApi, PRODUCT, type Parties } from '../helpers/fixtures.ts';

for (const dialect of DIALECTS) describe(`public label cache (${dialect.name})`, { skip: dialect.skip }, () => {
  let t: TestApp;
  let p: Parties;
  let rn: string;
  let productId: string;
  const api = (method: string, url: string, headers: Record<string, string> = {}, payload?: unknown) =>
    t.app.inject({ method: method as 'GET', url, headers, ...(payload !== undefined && { payload: payload as object }) });

  before(async () => {
    t = await startTestApp(dialect);
    p = await createParties(t);
    ({ registrationNumber: rn, productId } = await issueLabelThroughApi(t, p, { supportEndsOn: '2026-11-25' }));
  });
  after(async () => t?.close());

  it('answers 304 to a matching ETag and new bytes after a product edit', async () => {
    const first = await api('GET', `/api/v1/labels/${rn}`);
    assert.equal(first.json().product.name.en, PRODUCT.nameEn);
    const etag = first.headers.etag as string;
    assert.equal((await api('GET', `/api/v1/labels/${rn}`, { 'if-none-match': etag })).statusCode, 304);
    await api('PATCH', `/api/v1/products/${productId}`, p.vendorA.auth, { nameEn: 'Renamed Router' });
    const second = await api('GET', `/api/v1/labels/${rn}`, { 'if-none-match': etag });
    assert.equal(second.statusCode, 200);
    assert.equal(second.json().product.name.en, 'Renamed Router');
  });

  it('shows a suspension at once and flips "support ended" at JST midnight', async () => {
    assert.equal((await api('GET', `/api/v1/labels/${rn}`)).json().security.isSupportEnded, false);
    assert.equal((await api('GET', '/api/v1/labels?status=valid')).json().total, 1);
    await api('POST', `/api/v1/labels/${rn}/suspend`, p.reviewer.auth, { reason: 'inquiry' });
    assert.equal((await api('GET', `/api/v1/labels/${rn}`)).json().status, 'suspended');
    assert.equal((await api('GET', '/api/v1/labels?status=valid')).json().total, 0, 'cached list invalidated');
    assert.equal((await api('GET', '/api/v1/labels?status=suspended')).json().items[0].status, 'suspended');
    t.clock.set('2026-11-25T15:00:00.000Z'); // 00:00 on 26 Nov in Japan
    assert.equal((await api('GET', `/api/v1/labels/${rn}`)).json().security.isSupportEnded, true);
  });

  it('computes deadlines from expiry, JST midnight and the maximum age', () => {
    const now = new Date('2026-11-25T03:00:00.000Z');
    assert.equal(cacheDeadline(now, ['2026-11-25T03:01:00.000Z']), Date.parse('2026-11-25T03:01:00.000Z'));
    assert.equal(cacheDeadline(now, ['2030-01-01T00:00:00.000Z']), now.getTime() + 5 * 60_000);
    assert.equal(cacheDeadline(new Date('2026-11-25T14:58:00.000Z'), [undefined]), Date.parse('2026-11-25T15:00:00.000Z'));
    // The earliest future instant wins: e.g. a security.txt that expires before the label does.
    assert.equal(cacheDeadline(now, ['2030-01-01T00:00:00.000Z', '2026-11-25T03:02:00.000Z', '2026-01-01T00:00:00.000Z']), Date.parse('2026-11-25T03:02:00.000Z'));
  });

  it('evicts the least recently used entries beyond its byte budget', () => {
    const cache = new PublicCache(1600);
    for (let i = 0; i < 10; i++) cache.set(`k${i}`, { version: 1, until: Infinity, body: 'x'.repeat(100), etag: '' });
    assert.equal(cache.get('k0', 1, 0), undefined);
    assert.ok(cache.get('k9', 1, 0));
    assert.equal(cache.get('k9', 2, 0), undefined, 'another version misses');
  });
  it('drops every entry of an older version once a newer one is seen, and keeps none built under it', () => {
    const cache = new PublicCache();
    for (let i = 0; i < 5; i++) cache.set(`k${i}`, { version: 7, until: Infinity, body: 'x', etag: '' });
    assert.equal(cache.size, 5);
    assert.equal(cache.get('other', 8, 0), undefined);
    assert.equal(cache.size, 0, 'version 8 makes all version-7 entries unreachable');
    cache.set('late', { version: 7, until: Infinity, body: 'x', etag: '' });
    assert.equal(cache.size, 0, 'a response rendered under version 7 is not kept');
    cache.set('fresh', { version: 8, until: Infinity, body: 'x', etag: '' });
    assert.ok(cache.get('fresh', 8, 0));
  });

  it('lets requests that miss one key at once share a single build', async () => {
    const cache = new PublicCache();
    let builds = 0;
    const build = async () => {
      builds++;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return { version: 3, until: Infinity, body: 'page', etag: '"p"' };
    };
    const entries = await Promise.all(Array.from({ length: 32 }, () => cache.fill('k', 3, build)));
    assert.equal(builds, 1);
    assert.ok(entries.every((e) => e === entries[0]));
    assert.equal(cache.get('k', 3, 0)?.body, 'page', 'the build is stored');
    await assert.rejects(cache.fill('bad', 3, async () => Promise.reject(new Error('no such label'))), /no such label/);
    await cache.fill('bad', 3, build);
    assert.equal(builds, 2, 'a failed build is not kept: the next miss builds again');
  });

  it('serves the cached search page until something public changes', async () => {
    const page = (headers: Record<string, string> = {}) => api('GET', `/?q=${encodeURIComponent('router')}`, { 'accept-language': 'en', ...headers });
    const first = await page();
    assert.equal(first.statusCode, 200);
    assert.match(first.body, /Renamed Router/);
    assert.equal((await page({ 'if-none-match': first.headers.etag as string })).statusCode, 304);
    assert.match((await api('GET', `/?q=router`, { 'accept-language': 'ja' })).body, /<html lang="ja"/, 'one entry per language');
    await api('PATCH', `/api/v1/products/${productId}`, p.vendorA.auth, { nameEn: 'Second Name Router' });
    const after = await page({ 'if-none-match': first.headers.etag as string });
    assert.equal(after.statusCode, 200);
    assert.match(after.body, /Second Name Router/);
    assert.doesNotMatch(after.body, /Renamed Router/);
  });

  it('serves the cached product page until something public changes', async () => {
    const page = () => api('GET', `/labels/${rn}`, { 'accept-language': 'en' });
    const first = await page();
    assert.equal(first.statusCode, 200);
    assert.equal((await api('GET', `/labels/${rn}`, { 'accept-language': 'en', 'if-none-match': first.headers.etag as string })).statusCode, 304);
    assert.doesNotMatch(first.body, /has been revoked/);
    await api('POST', `/api/v1/labels/${rn}/revoke`, p.reviewer.auth, { reason: 'Nonconformity found in a market survey.' });
    const after = await page();
    assert.match(after.body, /has been revoked/);
    assert.match(after.body, /Nonconformity found in a market survey\./);
  });

});
