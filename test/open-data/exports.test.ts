/** The bulk exports (CSV, JSON) on both databases: format, content, and conditional GET. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { SYSTEM_ACTOR } from '../../src/app/context.ts';
import { changeLabelStatus } from '../../src/app/labels/change-label-status.ts';
import { exportLabels } from '../../src/app/open-data/export-labels.ts';
import { CSV_COLUMNS, csvLine, neutraliseFormula } from '../../src/app/open-data/labels-csv.ts';
import { updateProduct } from '../../src/app/products/update-product.ts';
import { logSize } from '../../src/app/transparency/log-store.ts';
import { seedDemo } from '../../src/demo/seed-demo.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';

const CSV_URL = '/api/v1/exports/labels.csv';
const JSON_URL = '/api/v1/exports/labels.json';

type CsvRow = Record<(typeof CSV_COLUMNS)[number], string>;

describe('CSV fields', () => {
  it('puts an apostrophe before text a spreadsheet would run as a formula', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠']) {
      assert.equal(neutraliseFormula(`${start}SUM(A1)`), `'${start}SUM(A1)`);
    }
    assert.equal(neutraliseFormula('AX-3000'), 'AX-3000');
    assert.equal(neutraliseFormula("'=already"), "'=already");
    assert.equal(neutraliseFormula(''), '');
  });

  it('quotes every field, doubles inner quotes and ends the line with CRLF', () => {
    assert.equal(csvLine(['a "b", c', 1, null, 'x\ny']), '"a ""b"", c","1","","x\ny"\r\n');
  });
});

for (const dialect of DIALECTS) {
  describe(`${dialect.name}: label exports`, { skip: dialect.skip }, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(dialect);
      await seedDemo(t.ctx);
    });
    after(async () => t?.close());

    const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });
    const csvRows = (body: string): CsvRow[] => parse(body, { bom: true, columns: true }) as CsvRow[];
    const apiLabel = async (rn: string) => (await get(`/api/v1/labels/${encodeURIComponent(rn)}`)).json();

    it('serves a CSV attachment that starts with a BOM and ends every line with CRLF', async () => {
      const res = await get(CSV_URL);
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], 'text/csv; charset=utf-8; header=present');
      // The test clock stands at 2026-11-25T03:00Z, which is noon of the 25th in Japan.
      assert.equal(res.headers['content-disposition'], 'attachment; filename="jc-star-labels-20261125.csv"');
      assert.deepEqual([...res.rawPayload.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
      assert.ok(res.body.endsWith('\r\n'), 'the last line ends with CRLF');
      assert.ok(!res.body.replaceAll('\r\n', '').includes('\n'), 'no bare LF line ends');
      const [header] = parse(res.body, { bom: true, to_line: 1 }) as string[][];
      assert.deepEqual(header, [...CSV_COLUMNS]);
    });

    it('has one row per label model number, with Japanese text intact', async () => {
      const rows = csvRows((await get(CSV_URL)).body);
      const count = await t.ctx.db.selectFrom('label_model_numbers').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      assert.equal(rows.length, Number(count.n));
      const dbPairs = await t.ctx.db
        .selectFrom('label_model_numbers')
        .innerJoin('labels', 'labels.id', 'label_model_numbers.label_id')
        .select(['labels.registration_number', 'label_model_numbers.model_number'])
        .execute();
      assert.deepEqual(
        rows.map((r) => `${r.registration_number} ${r.model_number}`).sort(),
        dbPairs.map((p) => `${p.registration_number} ${p.model_number}`).sort(),
      );
      const japanese = rows.find((r) => /[ぁ-んァ-ン一-龯]/.test(r.product_name_ja))!;
      const label = await apiLabel(japanese.registration_number);
      assert.equal(japanese.product_name_ja, label.product.name.ja);
      assert.equal(japanese.vendor_name_ja, label.vendor.name.ja);
      assert.ok(japanese.vendor_name_ja.endsWith('（デモ）'), japanese.vendor_name_ja);
    });

    it('gives every row the status, dates and facts that GET /api/v1/labels/{rn} shows', async () => {
      const rows = csvRows((await get(CSV_URL)).body);
      const byLabel = new Map<string, CsvRow[]>();
      for (const r of rows) byLabel.set(r.registration_number, [...(byLabel.get(r.registration_number) ?? []), r]);
      const statuses = new Set<string>();
      for (const [rn, labelRows] of byLabel) {
        const label = await apiLabel(rn);
        assert.deepEqual(labelRows.map((r) => r.model_number), label.product.modelNumbers, `${rn} model numbers in order`);
        for (const r of labelRows) {
          assert.equal(r.status, label.status, `${rn} status`);
          assert.equal(r.level, String(label.level));
          assert.equal(r.issued_at, label.issuedAt);
          assert.equal(r.expires_at, label.expiresAt);
          assert.equal(r.criteria, label.criteria.id);
          assert.equal(r.vendor_country, label.vendor.country);
          assert.equal(r.corporate_number, label.vendor.corporateNumber ?? '');
          assert.equal(r.product_name_en, label.product.name.en);
          assert.equal(r.category, label.product.category);
          assert.equal(r.support_ends_on, label.security.supportEndsOn ?? '');
          assert.equal(r.vulnerability_contact, label.contact.vulnerabilityReport ?? '');
          assert.equal(r.url, label.url);
        }
        statuses.add(label.status);
      }
      assert.deepEqual([...statuses].sort(), ['expired', 'revoked', 'suspended', 'valid', 'withdrawn'], 'the demo covers every status');
    });

    it('serves a JSON export that parses and equals the label API for every label', async () => {
      const res = await get(JSON_URL);
      assert.equal(res.statusCode, 200);
      assert.match(res.headers['content-type'] as string, /^application\/json/);
      const doc = JSON.parse(res.body);
      assert.equal(doc.generatedAt, t.clock.now().toISOString());
      assert.equal(doc.logSize, await logSize(t.ctx.db));
      const labels = await t.ctx.db.selectFrom('labels').select('registration_number').orderBy('registration_number').execute();
      assert.deepEqual(doc.labels.map((l: { registrationNumber: string }) => l.registrationNumber), labels.map((l) => l.registration_number));
      for (const exported of doc.labels) {
        const { receipt, timeline, security, ...api } = await apiLabel(exported.registrationNumber);
        assert.ok(receipt, 'the API adds a receipt; the export does not');
        assert.ok(timeline && security.warnings, 'the API adds the live security information; the export carries the support end only');
        assert.equal(exported.receipt, undefined);
        assert.deepEqual(exported, { ...api, security: { supportEndsOn: security.supportEndsOn, isSupportEnded: security.isSupportEnded } });
      }
    });

    it('pages through labels and batches model numbers without losing or repeating one', async () => {
      const now = t.clock.now();
      const collect = async (options: Parameters<typeof exportLabels>[2]) => {
        const out = [];
        for await (const label of exportLabels(t.ctx, now, options)) out.push(label);
        return out;
      };
      for (const withHistory of [false, true]) {
        const whole = await collect({ withHistory });
        const sizes = whole.map((l) => l.modelNumbers.length);
        assert.ok(Math.max(...sizes) > 5 && whole.length > 7, 'the demo has pages and batches to split');
        // Pages of 7 labels; model-number queries of at most 5 rows (a bigger label comes alone).
        assert.deepEqual(await collect({ withHistory, pageSize: 7, batchModelNumbers: 5 }), whole);
        assert.deepEqual(await collect({ withHistory, pageSize: 1, batchModelNumbers: 1 }), whole);
      }
    });

    for (const url of [CSV_URL, JSON_URL]) {
      it(`answers 304 to If-None-Match and If-Modified-Since on ${url}`, async () => {
        const first = await get(url);
        const etag = first.headers.etag as string;
        const lastModified = first.headers['last-modified'] as string;
        assert.match(etag, /^W\/"[^"]+"$/);
        assert.equal(first.headers['cache-control'], 'public, max-age=300');
        assert.ok(!Number.isNaN(Date.parse(lastModified)), `Last-Modified ${lastModified} is an HTTP date`);

        const byTag = await get(url, { 'if-none-match': etag });
        assert.equal(byTag.statusCode, 304);
        assert.equal(byTag.body, '');
        assert.equal(byTag.headers.etag, etag);
        assert.equal(byTag.headers['cache-control'], 'public, max-age=300');
        assert.equal((await get(url, { 'if-none-match': `"other", ${etag.slice(2)}` })).statusCode, 304, 'weak comparison, in a list');
        assert.equal((await get(url, { 'if-none-match': '"other"' })).statusCode, 200);

        assert.equal((await get(url, { 'if-modified-since': lastModified })).statusCode, 304);
        const earlier = new Date(Date.parse(lastModified) - 1000).toUTCString();
        assert.equal((await get(url, { 'if-modified-since': earlier })).statusCode, 200);
        // If-None-Match wins over If-Modified-Since (RFC 9110 §13.1.3).
        assert.equal((await get(url, { 'if-none-match': '"other"', 'if-modified-since': lastModified })).statusCode, 200);
      });
    }

    it('answers HEAD with the headers and no body', async () => {
      const res = await t.app.inject({ method: 'HEAD', url: CSV_URL });
      assert.equal(res.statusCode, 200);
      assert.equal(res.body, '');
      assert.ok(res.headers.etag, 'HEAD carries the ETag');
    });

    it('puts an apostrophe before a product name that looks like a formula, and changes the ETag on the edit', async () => {
      const before = await get(CSV_URL);
      const rn = csvRows(before.body)[0]!.registration_number;
      const label = await t.ctx.db.selectFrom('labels').select('product_id').where('registration_number', '=', rn).executeTakeFirstOrThrow();
      await updateProduct(t.ctx, SYSTEM_ACTOR, label.product_id, { nameEn: '=HYPERLINK("https://evil.example","click")' });
      const res = await get(CSV_URL, { 'if-none-match': before.headers.etag as string });
      assert.equal(res.statusCode, 200, 'a product edit has no log event but changes the export');
      assert.notEqual(res.headers.etag, before.headers.etag);
      const rows = csvRows(res.body).filter((r) => r.registration_number === rn);
      assert.ok(rows.length > 0, 'the renamed product has rows');
      for (const r of rows) assert.equal(r.product_name_en, `'=HYPERLINK("https://evil.example","click")`);
      assert.equal((await get(JSON_URL, { 'if-none-match': before.headers.etag as string })).statusCode, 200);
    });

    it('changes the ETag and Last-Modified after a label is revoked', async () => {
      const before = { csv: await get(CSV_URL), json: await get(JSON_URL) };
      const rn = csvRows(before.csv.body).find((r) => r.status === 'valid')!.registration_number;
      t.clock.set(new Date(t.clock.now().getTime() + 5000));
      await changeLabelStatus(t.ctx, SYSTEM_ACTOR, rn, 'revoke', 'Nonconformity found in a test.');
      for (const [kind, url] of [['csv', CSV_URL], ['json', JSON_URL]] as const) {
        const res = await get(url, { 'if-none-match': before[kind].headers.etag as string });
        assert.equal(res.statusCode, 200, `${kind} is not 304 after the revocation`);
        assert.notEqual(res.headers.etag, before[kind].headers.etag);
        assert.equal(res.headers['last-modified'], t.clock.now().toUTCString());
        const ims = await get(url, { 'if-modified-since': before[kind].headers['last-modified'] as string });
        assert.equal(ims.statusCode, 200);
      }
      const rows = csvRows((await get(CSV_URL)).body).filter((r) => r.registration_number === rn);
      assert.ok(rows.every((r) => r.status === 'revoked'), 'every row of the revoked label says revoked');
      assert.equal((await apiLabel(rn)).status, 'revoked');
    });

    it('changes the ETag when a label expires by time alone', async () => {
      const before = await get(CSV_URL);
      const next = csvRows(before.body)
        .filter((r) => r.status === 'valid' || r.status === 'suspended')
        .sort((a, b) => a.expires_at.localeCompare(b.expires_at))[0]!;
      t.clock.set(new Date(Date.parse(next.expires_at) + 1000));
      const res = await get(CSV_URL, { 'if-none-match': before.headers.etag as string });
      assert.equal(res.statusCode, 200, 'no event was logged, yet the statuses changed');
      assert.notEqual(res.headers.etag, before.headers.etag);
      assert.equal(res.headers['last-modified'], new Date(next.expires_at).toUTCString());
      const rows = csvRows(res.body).filter((r) => r.registration_number === next.registration_number);
      assert.ok(rows.every((r) => r.status === 'expired'), 'every row of the expired label says expired');
      assert.equal((await apiLabel(next.registration_number)).status, 'expired');
    });
  });
}
