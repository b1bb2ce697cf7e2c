/** Mutual recognition pages: /recognition, the UK PSTI block of the product page, the UK check page. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { getPublicLabel } from '../../src/app/labels/public-label.ts';
import { seedDemo } from '../../src/demo/seed-demo.ts';
import { jstDate } from '../../src/domain/time.ts';
import { sqlite } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { demoLabel, duplicateIds, getPage, text } from './helpers.ts';

describe('recognition pages', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp(sqlite);
    await seedDemo(t.ctx);
  });
  after(async () => t?.close());

  describe('/recognition', () => {
    it('maps the sixteen ★1 requirements beside the three PSTI requirements, in Japanese', async () => {
      const { res, doc } = await getPage(t, '/recognition');
      assert.equal(res.statusCode, 200);
      assert.equal(doc.querySelector('html')?.getAttribute('lang'), 'ja');
      assert.deepEqual(duplicateIds(doc), []);
      assert.equal(text(doc.querySelector('h1')), '相互承認と要件の対応');
      const rows = doc.querySelectorAll('#mapping tbody tr');
      assert.equal(rows.length, 16);
      assert.deepEqual(rows.map((r) => r.getAttribute('data-requirement')), Array.from({ length: 16 }, (_, i) => `S1.1-${String(i + 1).padStart(2, '0')}`));
      const s102 = rows.find((r) => r.getAttribute('data-requirement') === 'S1.1-02')!;
      assert.ok(text(s102).includes('5.1-1, 5.1-2') && text(s102).includes('PSTI-1'), text(s102));
      assert.ok(text(rows.find((r) => r.getAttribute('data-requirement') === 'S1.1-05')).includes('PSTI-2'));
      assert.ok(text(rows.find((r) => r.getAttribute('data-requirement') === 'S1.1-16')).includes('PSTI-3'));
      assert.ok(text(rows.find((r) => r.getAttribute('data-requirement') === 'S1.1-09')).includes('未確認'));
      const psti = doc.querySelectorAll('#psti tbody tr');
      assert.deepEqual(psti.map((r) => r.getAttribute('data-requirement')), ['PSTI-1', 'PSTI-2', 'PSTI-3']);
      assert.ok(text(psti[2]).includes('5.3-13') && text(psti[2]).includes('S1.1-16'));
      assert.ok(text(doc.querySelector('#paraphrase-note')).includes('要約'));
      assert.ok(doc.querySelectorAll('.source-flag--paraphrase').length >= 16);
      assert.equal(doc.querySelector('.site-nav a[href="/recognition"]')?.getAttribute('aria-current'), 'page');
    });

    it('lists every recognition rule with its agreement, dates, status, requirements and conditions, in English', async () => {
      const { res, doc } = await getPage(t, '/recognition?lang=en');
      assert.equal(res.statusCode, 200);
      assert.equal(doc.querySelector('html')?.getAttribute('lang'), 'en');
      assert.equal(doc.querySelectorAll('#mapping tbody tr').length, 16);
      const rules = doc.querySelectorAll('#rules .rule');
      assert.deepEqual(rules.map((r) => r.getAttribute('data-rule')).sort(), [...t.ctx.catalog.recognitions.keys()].sort());
      const uk = doc.querySelector('[data-rule="jc-star-1-to-uk-psti"]')!;
      assert.equal(uk.getAttribute('data-status'), 'confirmed');
      for (const s of ['Deemed compliance with UK PSTI', 'signed 2025-11-05', 'SI 2025/1267', 'from 4 Dec 2025', 'Confirmed', 'PSTI-1', 'PSTI-3', 'at the time of supply']) {
        assert.ok(text(uk).includes(s), `UK rule shows ${s}`);
      }
      const sg = doc.querySelector('[data-rule="sg-cls-1-to-jc-star-1"]')!;
      assert.ok(text(sg).includes('Terms not public (configurable by the operator)'));
      assert.ok(text(sg).includes('from 1 Jun 2026'));
      assert.ok(text(sg).includes('S1.1-02'));
      assert.ok(text(doc.querySelector('#paraphrase-note')).includes('paraphrases'));
    });
  });

  describe('UK PSTI block on /labels/:rn', () => {
    it('says a valid ★1 label counts today, with reasons and links to the check page and the document', async () => {
      const rn = await demoLabel(t, 'valid');
      const { doc } = await getPage(t, `/labels/${rn}`, { 'accept-language': 'en' });
      const block = doc.querySelector('#uk-psti')!;
      assert.ok(block, 'a UK PSTI block');
      assert.equal(block.getAttribute('data-recognised'), 'true');
      assert.ok(text(block).includes('This label currently counts for UK PSTI'));
      assert.ok(text(block).includes('SI 2025/1267'));
      assert.ok(text(block.querySelector('.uk-reasons')).includes('The label was current'));
      assert.ok(block.querySelector(`a[href="/labels/${rn}/uk-psti"]`));
      assert.ok(block.querySelector(`a[href="/labels/${rn}/uk-psti.pdf"]`));
      const ja = await getPage(t, `/labels/${rn}`);
      assert.ok(text(ja.doc.querySelector('#uk-psti')).includes('英国 PSTI の適合とみなされます'));
    });

    it('says a revoked label does not count, and why, and offers no document', async () => {
      const rn = await demoLabel(t, 'revoked');
      const { doc } = await getPage(t, `/labels/${rn}`, { 'accept-language': 'en' });
      const block = doc.querySelector('#uk-psti')!;
      assert.equal(block.getAttribute('data-recognised'), 'false');
      assert.ok(text(block).includes('This label does not currently count for UK PSTI'));
      assert.ok(text(block).includes('revoked'));
      assert.equal(block.querySelector('a[href$="uk-psti.pdf"]'), null);
    });

    it('keeps serving the cached page with the block', async () => {
      const rn = await demoLabel(t, 'valid');
      const first = await getPage(t, `/labels/${rn}`);
      const again = await getPage(t, `/labels/${rn}`, { 'if-none-match': String(first.res.headers.etag) });
      assert.equal(again.res.statusCode, 304);
    });
  });

  describe('/labels/:rn/uk-psti', () => {
    it('answers "counts" for today, in English, with facts, legal basis, requirements and conditions', async () => {
      const rn = await demoLabel(t, 'valid');
      const today = jstDate(t.clock.now());
      const { res, doc } = await getPage(t, `/labels/${rn}/uk-psti`);
      assert.equal(res.statusCode, 200);
      assert.equal(doc.querySelector('html')?.getAttribute('lang'), 'en');
      assert.deepEqual(duplicateIds(doc), []);
      assert.equal(doc.querySelector('form')?.getAttribute('method'), 'get');
      assert.equal(doc.querySelector('input#date')?.getAttribute('value'), today);
      assert.equal(doc.querySelector('label[for="date"]') !== null, true);
      const answer = doc.querySelector('#answer')!;
      assert.equal(answer.getAttribute('data-recognised'), 'true');
      assert.equal(text(answer.querySelector('.uk-answer')), 'Counts for UK PSTI on 25 Nov 2026');
      assert.ok(text(doc.querySelector('#label-facts')).includes(rn));
      assert.ok(text(doc.querySelector('#legal-basis')).includes('SI 2025/1267'));
      assert.deepEqual(doc.querySelectorAll('#requirements li').map((li) => li.getAttribute('data-requirement')), ['PSTI-1', 'PSTI-2', 'PSTI-3']);
      assert.ok(text(doc.querySelector('#requirements')).includes('S1.1-16'));
      assert.ok(text(doc.querySelector('#conditions')).includes('at the time of supply'));
    });

    it('answers "does not count" for a date before the label was issued', async () => {
      const rn = await demoLabel(t, 'valid');
      const label = await getPublicLabel(t.ctx, rn);
      const before = jstDate(new Date(new Date(label.issuedAt).getTime() - 2 * 86_400_000));
      const { res, doc } = await getPage(t, `/labels/${rn}/uk-psti?date=${before}`);
      assert.equal(res.statusCode, 200);
      const answer = doc.querySelector('#answer')!;
      assert.equal(answer.getAttribute('data-recognised'), 'false');
      assert.ok(text(answer.querySelector('.uk-answer')).startsWith('Does not count for UK PSTI on'));
      assert.ok(text(answer).includes('had not been issued') || text(answer).includes('No recognition arrangement'), text(answer));
      assert.equal(doc.querySelector('input#date')?.getAttribute('value'), before);
    });

    it('answers for today and says so when the date is not a date; 404 page for an unknown label', async () => {
      const rn = await demoLabel(t, 'valid');
      const { res, doc } = await getPage(t, `/labels/${rn}/uk-psti?date=<script>`);
      assert.equal(res.statusCode, 200);
      assert.ok(text(doc.querySelector('main')).includes('That was not a date'));
      assert.ok(!res.body.includes('<script>'));
      const missing = await getPage(t, '/labels/JS1-2026-999999-0/uk-psti');
      assert.equal(missing.res.statusCode, 404);
    });
  });
});
