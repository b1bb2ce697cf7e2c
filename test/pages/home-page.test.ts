/** The search and list page `/`: results, total, Japanese search, filters, pagination, odd input. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { listPublicLabels } from '../../src/app/labels/list-public-labels.ts';
import { seedDemo } from '../../src/demo/seed-demo.ts';
import { sqlite } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { duplicateIds, getPage, text } from './helpers.ts';

describe('search page /', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp(sqlite);
    await seedDemo(t.ctx);
  });
  after(async () => t?.close());

  const resultNames = (doc: ReturnType<typeof import('./helpers.ts').html>) => doc.querySelectorAll('.result__title a').map((a) => text(a));
  const totalText = (doc: ReturnType<typeof import('./helpers.ts').html>) => text(doc.querySelector('.results__total'));

  it('lists the newest labels with the total count, in Japanese by default', async () => {
    const { res, doc } = await getPage(t, '/', { 'accept-language': '' });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/html; charset=utf-8/);
    const all = await listPublicLabels(t.ctx, {});
    assert.ok(all.total > 20, 'the demo has more than one page of labels');
    assert.equal(totalText(doc), `${all.total}件`);
    assert.equal(doc.querySelector('html')?.getAttribute('lang'), 'ja');
    const items = doc.querySelectorAll('.result');
    assert.equal(items.length, 20);
    const first = items[0]!;
    assert.equal(first.querySelector('.result__title a')?.getAttribute('href'), `/labels/${all.items[0]!.registrationNumber}`);
    assert.ok(text(first).includes(all.items[0]!.registrationNumber));
    assert.ok(text(first).includes(all.items[0]!.vendor.name.ja));
    assert.match(text(first.querySelector('time')), /^\d{4}年\d{1,2}月\d{1,2}日$/);
    assert.ok(text(first.querySelector('.level')).includes('★1'));
  });

  it('writes every status as text next to its icon, not by colour alone', async () => {
    const { doc } = await getPage(t, '/?status=revoked');
    const badges = doc.querySelectorAll('.result .status');
    assert.ok(badges.length > 0);
    for (const badge of badges) {
      assert.equal(badge.getAttribute('data-status'), 'revoked');
      assert.equal(text(badge.querySelector('.status__text')), '取消し');
      assert.equal(badge.querySelector('svg')?.getAttribute('aria-hidden'), 'true');
    }
  });

  it('finds a product by a Japanese substring of its name', async () => {
    const { doc } = await getPage(t, `/?q=${encodeURIComponent('ルームエアコン')}`);
    assert.deepEqual(resultNames(doc), ['ルームエアコン ZX シリーズ（無線LAN内蔵）']);
    assert.equal(totalText(doc), '1件');
    assert.equal(doc.querySelector('input#q')?.getAttribute('value'), 'ルームエアコン');
  });

  it('finds a product by a model number typed in lower case (and in full-width)', async () => {
    for (const q of ['ta-22zx-w', 'ＴＡ－２２ＺＸ－Ｗ']) {
      const { doc } = await getPage(t, `/?q=${encodeURIComponent(q)}`);
      assert.deepEqual(resultNames(doc), ['ルームエアコン ZX シリーズ（無線LAN内蔵）'], q);
    }
  });

  it('filters by status, category and level, and keeps the choices selected', async () => {
    const { doc } = await getPage(t, '/?status=suspended&category=network-camera&level=1');
    const expected = await listPublicLabels(t.ctx, { status: 'suspended', category: 'network-camera', level: 1 });
    assert.ok(expected.total > 0);
    assert.equal(doc.querySelectorAll('.result').length, expected.total);
    for (const item of doc.querySelectorAll('.result')) {
      assert.equal(item.querySelector('.status')?.getAttribute('data-status'), 'suspended');
      assert.ok(text(item).includes('ネットワークカメラ'));
    }
    assert.ok(doc.querySelector('#status option[value="suspended"]')?.hasAttribute('selected'));
    assert.ok(doc.querySelector('#category option[value="network-camera"]')?.hasAttribute('selected'));
    assert.ok(doc.querySelector('#level option[value="1"]')?.hasAttribute('selected'));
  });

  it('offers every category of the catalogue with its localized name', async () => {
    const { doc } = await getPage(t, '/');
    const options = doc.querySelectorAll('#category option').map((o) => [o.getAttribute('value'), text(o)]);
    const expected = t.ctx.catalog.jcStar.categories.map((c) => [c.id, c.name.ja]);
    assert.deepEqual(options.slice(1), expected);
  });

  it('pages with the cursor: the next link keeps the filters and shows the rest without overlap', async () => {
    const first = await getPage(t, '/?level=1');
    const next = first.doc.querySelector('a[rel="next"]');
    assert.ok(next, 'a next-page link');
    const href = next.getAttribute('href')!;
    const params = new URL(href, 'https://x.test').searchParams;
    assert.equal(params.get('level'), '1');
    assert.ok(params.get('cursor'));
    const second = await getPage(t, href);
    assert.equal(second.res.statusCode, 200);
    const total = (await listPublicLabels(t.ctx, { level: 1 })).total;
    const page1 = resultNames(first.doc);
    const page2 = second.doc.querySelectorAll('.result .mono').map((e) => text(e));
    assert.equal(page1.length + page2.length, Math.min(total, 40));
    const page1Numbers = first.doc.querySelectorAll('.result .mono').map((e) => text(e));
    assert.equal(page1Numbers.filter((n) => page2.includes(n)).length, 0, 'no label on both pages');
    assert.equal(second.doc.querySelector('ol.result-list')?.getAttribute('start'), '21');
    assert.ok(second.doc.querySelector('.pager a[href="/?level=1"]'), 'a link back to the first page');
    assert.ok(text(second.doc.querySelector('.results__range')).startsWith(`${total}件中 21〜`));
  });

  it('shows a message and the first page for an invalid or stale cursor, never a 400 page', async () => {
    for (const cursor of ['not a cursor!', 'abc', 'W10', 'x'.repeat(1500)]) {
      const { res, doc } = await getPage(t, `/?cursor=${encodeURIComponent(cursor)}&page=7`);
      assert.equal(res.statusCode, 200, cursor);
      assert.equal(text(doc.querySelector('.notice')), 'ページ送りのリンクが古くなっていたため、最初のページを表示しています。');
      assert.equal(doc.querySelectorAll('.result').length, 20);
      assert.equal(doc.querySelector('ol.result-list')?.getAttribute('start'), '1');
    }
  });

  it('has an empty state that suggests what to try', async () => {
    const { res, doc } = await getPage(t, `/?q=${encodeURIComponent('存在しない製品名 zzz')}`);
    assert.equal(res.statusCode, 200);
    assert.equal(totalText(doc), '0件');
    assert.equal(doc.querySelectorAll('.result').length, 0);
    assert.equal(text(doc.querySelector('.empty__title')), '条件に一致するラベルは見つかりませんでした。');
    assert.equal(doc.querySelector('a[rel="next"]'), null);
  });

  it('ignores unknown filter values instead of failing', async () => {
    const { res, doc } = await getPage(t, '/?level=9&status=bogus&category=%3Cx%3E&utm_source=mail');
    assert.equal(res.statusCode, 200);
    assert.equal(doc.querySelectorAll('.result').length, 20);
  });

  it('cuts a very long query at 200 characters and says so', async () => {
    const long = 'ルーター'.repeat(1000);
    const { res, doc } = await getPage(t, `/?q=${encodeURIComponent(long)}`);
    assert.equal(res.statusCode, 200);
    assert.equal([...doc.querySelector('input#q')!.getAttribute('value')!].length, 200);
    assert.ok(doc.querySelectorAll('.notice').some((n) => text(n).includes('先頭の200文字')));
  });

  it('renders safely whatever is typed: RTL overrides, zero-width, emoji, combining marks, SQL and HTML', async () => {
    const hostile = [
      '\u202Eﾙｰﾀｰ\u202C',
      'ルー\u200Bター',
      '👩‍💻🔐 camera',
      'e\u0301\u0301\u0301 café',
      "' OR 1=1; DROP TABLE labels; --",
      '%_\\ % _',
      '"><script>alert(1)</script><img src=x onerror=alert(2)>',
      '\u0000\u0007\u001b[31m',
    ];
    for (const q of hostile) {
      const { res, doc } = await getPage(t, `/?q=${encodeURIComponent(q)}`);
      assert.equal(res.statusCode, 200, JSON.stringify(q));
      assert.equal(doc.querySelectorAll('script').length, 0, JSON.stringify(q));
      assert.equal(doc.querySelectorAll('img').length, 0, JSON.stringify(q));
      // Outside quoted attribute values (where `<` is inert and `"` is escaped) no markup appears.
      assert.doesNotMatch(res.body.replace(/="[^"]*"/g, '=""'), /<script|<img|onerror/i, JSON.stringify(q));
      const value = doc.querySelector('input#q')!.getAttribute('value') ?? '';
      assert.doesNotMatch(value, /[\u0000-\u001f\u200b\u202a-\u202e]/u, 'control and invisible characters removed');
    }
    // Bytes that are not UTF-8, a lone surrogate and a stray percent sign in the raw query string.
    for (const raw of ['%ED%A0%80%20lone', '%FF%FE', '100%', '%E3%81']) {
      const { res, doc } = await getPage(t, `/?q=${raw}`);
      assert.equal(res.statusCode, 200, raw);
      assert.ok(doc.querySelector('input#q'), raw);
    }
    // The zero-width space is invisible to search: "ルー\u200Bター" finds routers.
    const { doc } = await getPage(t, `/?q=${encodeURIComponent('ルー\u200Bター')}`);
    assert.ok(doc.querySelectorAll('.result').length > 0);
    // HTML typed in the box comes back as text in the input, not as markup.
    const echoed = await getPage(t, `/?q=${encodeURIComponent('<b>x</b>')}`);
    assert.equal(echoed.doc.querySelector('input#q')?.getAttribute('value'), '<b>x</b>');
    assert.equal(echoed.doc.querySelectorAll('b').length, 0);
  });

  it('answers a repeated parameter with an HTML 400 page in the visitor language', async () => {
    const { res, doc } = await getPage(t, '/?q=a&q=b', { 'accept-language': 'en' });
    assert.equal(res.statusCode, 400);
    assert.match(String(res.headers['content-type']), /^text\/html/);
    assert.equal(text(doc.querySelector('h1')), 'We could not handle this request');
  });

  it('labels every form control and keeps the page landmarks', async () => {
    const { doc } = await getPage(t, '/');
    for (const control of doc.querySelectorAll('input, select')) {
      const id = control.getAttribute('id');
      assert.ok(id && doc.querySelector(`label[for="${id}"]`), `control ${control.toString().slice(0, 60)} has a label`);
    }
    assert.equal(doc.querySelectorAll('h1').length, 1);
    assert.deepEqual(duplicateIds(doc), []);
    assert.ok(doc.querySelector('header'));
    assert.ok(doc.querySelector('main#main'));
    assert.ok(doc.querySelector('footer'));
    assert.ok(doc.querySelector('form[role="search"][method="get"][action="/"]'));
    assert.equal(doc.querySelector('a.skip-link')?.getAttribute('href'), '#main');
    assert.match(doc.querySelector('link[rel="stylesheet"]')?.getAttribute('href') ?? '', /^\/assets\/site\.css\?v=/);
  });

  it('sends the Content-Security-Policy, Vary and caching headers', async () => {
    const { res } = await getPage(t, '/');
    assert.equal(
      res.headers['content-security-policy'],
      "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    assert.equal(res.headers.vary, 'Accept, Accept-Language, Cookie');
    assert.equal(res.headers['cache-control'], 'public, max-age=60');
    assert.doesNotMatch(res.body, /<script|style=|\son[a-z]+=/i, 'no script, inline style or event handler');
  });
});
