/** The product information page behind the QR code: five blocks, status banners, JSON, 404s. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { getPublicLabel } from '../../src/app/labels/public-label.ts';
import { seedDemo } from '../../src/demo/seed-demo.ts';
import { formatRegistrationNumber } from '../../src/domain/registration-number.ts';
import { sqlite } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { demoLabel, duplicateIds, getPage, html, issueLabelFor, text } from './helpers.ts';

describe('label page /labels/:registrationNumber', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp(sqlite);
    await seedDemo(t.ctx);
  });
  after(async () => t?.close());

  it('shows the five blocks, the timeline and the subscription form with headings, one h1 and every model number', async () => {
    const rn = await demoLabel(t, 'valid');
    const label = await getPublicLabel(t.ctx, rn);
    const { res, doc } = await getPage(t, `/labels/${rn}`);
    assert.equal(res.statusCode, 200);
    assert.equal(doc.querySelectorAll('h1').length, 1);
    assert.deepEqual(duplicateIds(doc), []);
    assert.equal(text(doc.querySelector('h1')), label.product.name.ja);
    const blocks = doc.querySelectorAll('section.block').map((s) => [s.getAttribute('id'), text(s.querySelector('h2'))]);
    assert.deepEqual(blocks, [
      ['supplier', 'ベンダー（事業者）情報'],
      ['product', '製品情報'],
      ['label', 'ラベル情報'],
      ['security', 'セキュリティ情報'],
      ['contact', '問い合わせ先'],
      ['timeline', 'タイムライン'],
      ['subscribe', 'この製品の通知を受け取る'],
    ]);
    const supplier = text(doc.querySelector('#supplier'));
    assert.ok(supplier.includes(label.vendor.name.ja) && supplier.includes('日本'));
    if (label.vendor.corporateNumber) assert.ok(supplier.includes(label.vendor.corporateNumber));
    assert.deepEqual(doc.querySelectorAll('#product .models li').map((li) => text(li)), label.product.modelNumbers);
    assert.ok(text(doc.querySelector('#product')).includes(`全${label.product.modelNumbers.length}件`));
    for (const v of label.product.softwareVersions) assert.ok(text(doc.querySelector('#product .chips')).includes(v));
    const labelBlock = doc.querySelector('#label')!;
    assert.ok(text(labelBlock).includes(rn));
    assert.ok(text(labelBlock).includes(`${label.criteria.id}（${label.criteria.version}版）`));
    assert.equal(labelBlock.querySelector('img')?.getAttribute('src'), `/labels/${rn}/label.svg`);
    assert.ok(labelBlock.querySelector('img')?.getAttribute('alt')?.includes(rn));
    assert.equal(labelBlock.querySelector(`a[href="/labels/${rn}/label.png"]`)?.hasAttribute('download'), true);
    assert.equal(labelBlock.querySelectorAll('.history li').length, label.history.length);
    const security = text(doc.querySelector('#security'));
    assert.ok(security.includes('サポート期間中です'));
    assert.ok(security.includes('公開された脆弱性情報はまだありません'));
    assert.ok(doc.querySelector('#contact a'), 'the contact is a link');
    assert.equal(doc.querySelector('.banner'), null, 'no banner for a valid label');
    assert.equal(res.headers['cache-control'], 'public, max-age=60');
    assert.equal(res.headers.vary, 'Accept, Accept-Language, Cookie');
    assert.match(String(res.headers['content-security-policy']), /default-src 'none'/);
  });

  it('writes dates in JST: 2026年11月25日 in Japanese, 25 Nov 2026 in English', async () => {
    const rn = await demoLabel(t, 'valid');
    const label = await getPublicLabel(t.ctx, rn);
    const [y, m, d] = new Date(new Date(label.expiresAt).getTime() + 9 * 3600_000).toISOString().slice(0, 10).split('-').map(Number);
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    const ja = await getPage(t, `/labels/${rn}`);
    assert.ok(ja.doc.querySelectorAll('time').some((e) => text(e) === `${y}年${m}月${d}日`));
    const en = await getPage(t, `/labels/${rn}`, { 'accept-language': 'en' });
    assert.ok(en.doc.querySelectorAll('time').some((e) => text(e) === `${d} ${months[m! - 1]} ${y}`));
  });

  it('opens a revoked label with a banner that explains it and gives the latest reason', async () => {
    const rn = await demoLabel(t, 'revoked');
    const label = await getPublicLabel(t.ctx, rn);
    const latest = label.history.at(-1)!;
    assert.equal(latest.event, 'revoked');
    const { doc } = await getPage(t, `/labels/${rn}`);
    const banner = doc.querySelector('main .banner');
    assert.ok(banner, 'a banner');
    assert.equal(doc.querySelector('main')!.childNodes.find((n) => n.nodeType === 1), banner, 'the banner comes first');
    assert.equal(banner.getAttribute('data-status'), 'revoked');
    assert.equal(text(banner.querySelector('.banner__title')), 'このラベルは取り消されました');
    assert.ok(text(banner).includes('取消しは最終的な判断'));
    assert.ok(text(banner).includes(latest.reason!), 'the reason of the latest event');
    const en = await getPage(t, `/labels/${rn}`, { 'accept-language': 'en' });
    assert.equal(text(en.doc.querySelector('.banner__title')), 'This label has been revoked');
    assert.ok(text(en.doc.querySelector('.banner')).includes(latest.reason!));
  });

  it('explains suspended, expired and withdrawn labels in plain words', async () => {
    const expected = {
      suspended: ['このラベルは一時停止されています', 'This label is suspended'],
      expired: ['このラベルは有効期限が切れています', 'This label has expired'],
      withdrawn: ['このラベルは取り下げられました', 'This label has been withdrawn'],
    } as const;
    for (const [status, [ja, en]] of Object.entries(expected)) {
      const rn = await demoLabel(t, status as keyof typeof expected);
      const page = await getPage(t, `/labels/${rn}`);
      assert.equal(page.doc.querySelector('.banner')?.getAttribute('data-status'), status);
      assert.equal(text(page.doc.querySelector('.banner__title')), ja);
      const english = await getPage(t, `/labels/${rn}`, { 'accept-language': 'en' });
      assert.equal(text(english.doc.querySelector('.banner__title')), en);
    }
  });

  it('answers exactly the API JSON when the client prefers application/json', async () => {
    const rn = await demoLabel(t, 'revoked');
    const api = await t.app.inject({ method: 'GET', url: `/api/v1/labels/${rn}` });
    for (const accept of ['application/json', 'text/html;q=0.5, application/json', 'application/*']) {
      const res = await t.app.inject({ method: 'GET', url: `/labels/${rn}`, headers: { accept } });
      assert.equal(res.statusCode, 200, accept);
      assert.match(String(res.headers['content-type']), /^application\/json/);
      assert.equal(res.body, api.body, accept);
      assert.equal(res.headers.vary, 'Accept, Accept-Language, Cookie');
      assert.equal(res.headers['cache-control'], 'public, max-age=60');
    }
    const browser = await t.app.inject({ method: 'GET', url: `/labels/${rn}`, headers: { accept: '*/*' } });
    assert.match(String(browser.headers['content-type']), /^text\/html/, '*/* gets the page');
    const unknown = await t.app.inject({ method: 'GET', url: `/labels/${formatRegistrationNumber(1, 2099, 1)}`, headers: { accept: 'application/json' } });
    assert.equal(unknown.statusCode, 404);
    assert.match(String(unknown.headers['content-type']), /^application\/problem\+json/);
    assert.equal(unknown.json().code, 'NOT_FOUND');
  });

  it('answers an unknown registration number with a helpful 404 page and the number in the search box', async () => {
    const rn = formatRegistrationNumber(1, 2099, 1);
    const { res, doc } = await getPage(t, `/labels/${rn}`);
    assert.equal(res.statusCode, 404);
    assert.match(String(res.headers['content-type']), /^text\/html/);
    assert.equal(text(doc.querySelector('h1')), 'ラベルが見つかりません');
    assert.ok(text(doc.querySelector('main')).includes(rn));
    assert.equal(doc.querySelector('input#q')?.getAttribute('value'), rn);
    assert.ok(doc.querySelector('label[for="q"]'));
    assert.match(String(res.headers['content-security-policy']), /frame-ancestors 'none'/);
  });

  it('answers malformed and hostile numbers with the same 404 page, escaped, never a stack trace', async () => {
    const cases = ['hello', 'JS1-2026-000001-0', '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', 'x'.repeat(300), '\u202Egnp.exe'];
    for (const typed of cases) {
      const { res, doc } = await getPage(t, `/labels/${encodeURIComponent(typed)}`);
      assert.equal(res.statusCode, 404, typed);
      assert.match(String(res.headers['content-type']), /^text\/html/, typed);
      assert.equal(text(doc.querySelector('h1')), 'ラベルが見つかりません', typed);
      assert.equal(doc.querySelectorAll('script, img').length, 0, typed);
      assert.doesNotMatch(res.body, /at .*\.ts:\d+|Error:/, typed);
      const value = doc.querySelector('input#q')?.getAttribute('value') ?? '';
      assert.ok([...value].length <= 200, typed);
    }
    const { doc } = await getPage(t, `/labels/${encodeURIComponent('<script>alert(1)</script>')}`);
    assert.equal(doc.querySelector('input#q')?.getAttribute('value'), '<script>alert(1)</script>');
    assert.ok(text(doc.querySelector('main')).includes('「<script>alert(1)</script>」は登録番号の形式ではありません'));
  });

  it('redirects a number typed in lower case or full-width to its canonical page', async () => {
    const rn = await demoLabel(t, 'valid');
    for (const typed of [rn.toLowerCase(), rn.replace(/[0-9A-Z-]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))]) {
      const res = await t.app.inject({ method: 'GET', url: `/labels/${encodeURIComponent(typed)}` });
      assert.equal(res.statusCode, 301, typed);
      assert.equal(res.headers.location, `/labels/${rn}`);
    }
  });

  it('escapes what vendors enter: product names, model numbers, descriptions and links', async () => {
    const rn = await issueLabelFor(t, {
      nameJa: '<script>alert(1)</script>',
      nameEn: '"><img src=x onerror=alert(1)>',
      modelNumbers: ['<b>M-1</b>', 'M-2 & "3"', "M-'4'"],
      descriptionJa: '</p><iframe src="https://evil.example"></iframe>',
      vulnerabilityContact: 'mailto:psirt@vendor.example.jp',
    });
    const { res, doc } = await getPage(t, `/labels/${rn}`);
    assert.equal(res.statusCode, 200);
    assert.equal(text(doc.querySelector('h1')), '<script>alert(1)</script>');
    assert.equal(doc.querySelectorAll('script, iframe, b').length, 0);
    assert.equal(doc.querySelectorAll('img').length, 1, 'only the label artwork');
    assert.ok(!res.body.includes('<script>alert(1)</script>'));
    assert.ok(res.body.includes('&lt;script>alert(1)&lt;/script>'));
    assert.deepEqual(doc.querySelectorAll('.models li').map((li) => text(li)), ['<b>M-1</b>', 'M-2 & "3"', "M-'4'"]);
    assert.equal(doc.querySelector('#contact a')?.getAttribute('href'), 'mailto:psirt@vendor.example.jp');
    assert.equal(text(doc.querySelector('#contact a')), 'psirt@vendor.example.jp');
    const title = html(res.body).querySelector('title');
    assert.ok(text(title).startsWith('<script>alert(1)</script>'));
  });

  it('turns a plain e-mail contact into a mailto: link', async () => {
    const rn = await issueLabelFor(t, { nameJa: 'メール連絡先の製品', nameEn: 'Mail contact product', modelNumbers: ['MC-1'] });
    const { doc } = await getPage(t, `/labels/${rn}`);
    assert.equal(doc.querySelector('#contact a')?.getAttribute('href'), 'mailto:security@test.example.jp');
  });

  it('keeps a long list of model numbers in one compact list', async () => {
    const models = Array.from({ length: 600 }, (_, i) => `LONG-${String(i).padStart(4, '0')}`);
    const rn = await issueLabelFor(t, { nameJa: '型番の多い製品', nameEn: 'Many models', modelNumbers: models });
    const { doc } = await getPage(t, `/labels/${rn}`);
    assert.deepEqual(doc.querySelectorAll('ul.models li.models__item').map((li) => text(li)), models);
    assert.ok(text(doc.querySelector('#product')).includes('全600件'));
  });
});
