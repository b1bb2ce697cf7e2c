/**
 * Attachments through the portal, on both databases: a real PDF, PNG and JPEG are accepted and
 * download byte-identical, as downloads (Content-Disposition: attachment, nosniff, the detected
 * type), stored under random names with mode 0600; an executable renamed .pdf, or HTML claiming
 * to be a PDF, is refused by its content and leaves neither a row nor a file; a submitted
 * application's attachments cannot change.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { demoChecklist } from '../../src/demo/demo-checklist.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { createParties, PRODUCT, type Parties } from '../helpers/fixtures.ts';
import { databaseState } from '../helpers/snapshot.ts';
import { executableBytes, makePdf, makePng, storedFiles } from './files.ts';
import { Browser, startPortalApp } from './helpers.ts';

/** A 1×1 JPEG (JFIF), as cameras and scanners write them. */
const JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAAMCAgICAgMCAgIDAwMDBAYEBAQEBAgGBgUGCQgKCgkICQkKDA8MCgsOCwkJDRENDg8QEBEQCgwSExIQEw8QEBD/yQALCAABAAEBAREA/8wABgAQEAX/2gAIAQEAAD8A0s8g/9k=',
  'base64',
);

for (const dialect of DIALECTS) {
  describe(`${dialect.name}: attachments`, { skip: dialect.skip }, () => {
    let t: Awaited<ReturnType<typeof startPortalApp>>;
    let p: Parties;
    let a: Browser;
    let appId: string;
    let url: string;

    const rows = () => t.ctx.db.selectFrom('attachments').selectAll().where('application_id', '=', appId).orderBy('uploaded_at').orderBy('id').execute();

    before(async () => {
      t = await startPortalApp(dialect);
      p = await createParties(t);
      const product = await t.app.inject({ method: 'POST', url: '/api/v1/products', headers: p.vendorA.auth, payload: PRODUCT });
      appId = (await t.app.inject({ method: 'POST', url: '/api/v1/applications', headers: p.vendorA.auth, payload: { productId: product.json().id, level: 1 } })).json().id;
      url = `/portal/applications/${appId}/attachments`;
      a = await new Browser(t).logIn(p.vendorA.email);
      await a.get(url);
    });
    after(async () => t?.close());

    it('refuses an executable renamed .pdf, and HTML sent as a PDF, by their content; nothing is stored', async () => {
      const before = { db: await databaseState(t.ctx), rows: await rows(), files: storedFiles(t.attachmentDir) };
      for (const [filename, content] of [['report.pdf', executableBytes()], ['evidence.pdf', Buffer.from('<html><script>alert(1)</script></html>')]] as const) {
        const { res } = await a.upload(url, { checklistItemId: 'S1.1-01-01' }, [{ name: 'file', filename, content, type: 'application/pdf' }]);
        assert.equal(res.statusCode, 415, res.body.slice(0, 300));
        assert.ok(/not a PDF, PNG or JPEG file \(it is application\/x-elf\)|not a PDF, PNG or JPEG file \(its type is not recognised\)/.test(res.body), 'says why');
        assert.ok(res.body.includes('nothing was stored'));
      }
      assert.deepEqual({ db: await databaseState(t.ctx), rows: await rows(), files: storedFiles(t.attachmentDir) }, before);
    });

    it('refuses a file over 10 MB with a clear message; nothing is stored', async () => {
      const before = { db: await databaseState(t.ctx), rows: await rows(), files: storedFiles(t.attachmentDir) };
      const big = Buffer.concat([await makePdf(), Buffer.alloc(10 * 1024 * 1024)]);
      const { res } = await a.upload(url, {}, [{ name: 'file', filename: 'big.pdf', content: big, type: 'application/pdf' }]);
      assert.equal(res.statusCode, 413);
      assert.equal(res.headers['x-problem-code'], 'PAYLOAD_TOO_LARGE');
      assert.ok(res.body.includes('at most 10 MB; nothing was stored'));
      assert.deepEqual({ db: await databaseState(t.ctx), rows: await rows(), files: storedFiles(t.attachmentDir) }, before);

      // Exactly 10 MB is within the limit (then removed again, so the next tests start clean).
      const pdf = await makePdf();
      const limit = Buffer.concat([pdf, Buffer.alloc(10 * 1024 * 1024 - pdf.length)]);
      const ok = await a.upload(url, {}, [{ name: 'file', filename: 'limit.pdf', content: limit }]);
      assert.equal(ok.res.statusCode, 303);
      const [row] = await rows();
      assert.equal(Number(row!.size_bytes), 10 * 1024 * 1024);
      await a.get(url);
      assert.equal((await a.post(`${url}/${row!.id}/delete`, {})).res.statusCode, 303);
      assert.deepEqual(await rows(), []);
    });

    it('accepts a real PDF, PNG and JPEG and serves them back byte-identical, as downloads', async () => {
      const files = [
        { filename: '設計書 S1.1-01.pdf', content: await makePdf(), type: 'application/pdf', item: 'S1.1-01-01', mime: 'application/pdf' },
        // The browser's claimed type is ignored: the content decides.
        { filename: 'screen.png', content: makePng(), type: 'application/octet-stream', item: '', mime: 'image/png' },
        { filename: 'label.jpg', content: JPEG, type: 'image/png', item: 'S1.1-10-01', mime: 'image/jpeg' },
      ];
      for (const f of files) {
        const { res } = await a.upload(url, { checklistItemId: f.item }, [{ name: 'file', filename: f.filename, content: f.content, type: f.type }]);
        assert.equal(res.statusCode, 303, res.body.slice(0, 500));
        assert.equal(res.headers.location, `${url}?done=uploaded`);
      }
      const stored = await rows();
      assert.deepEqual(stored.map((r) => [r.original_name, r.media_type, r.checklist_item_id, Number(r.size_bytes)]), files.map((f) => [f.filename, f.mime, f.item || null, f.content.length]));
      for (const [i, row] of stored.entries()) {
        const f = files[i]!;
        assert.equal(row.sha256, createHash('sha256').update(f.content).digest('hex'));
        assert.match(row.storage_name, /^[0-9a-f]{32}$/);
        const onDisk = path.join(t.attachmentDir, row.storage_name);
        assert.equal(fs.statSync(onDisk).mode & 0o777, 0o600);
        const { res } = await a.get(`${url}/${row.id}`);
        assert.equal(res.statusCode, 200);
        assert.ok(res.rawPayload.equals(f.content), `${f.filename} comes back byte-identical`);
        assert.equal(res.headers['content-type'], f.mime);
        assert.equal(res.headers['x-content-type-options'], 'nosniff');
        assert.match(String(res.headers['content-disposition']), /^attachment; filename="[^"]*"; filename\*=UTF-8''/);
        assert.ok(String(res.headers['content-disposition']).includes(encodeURIComponent(f.filename)));
      }
      assert.equal(fs.statSync(t.attachmentDir).mode & 0o777, 0o700);
      const audit = await t.ctx.db.selectFrom('audit_events').select('after_json').where('entity_id', '=', appId).where('action', '=', 'application.attachment_added').execute();
      const named = audit.map((e) => JSON.parse(e.after_json!).originalName as string).sort();
      assert.deepEqual(named, ['label.jpg', 'limit.pdf', 'screen.png', '設計書 S1.1-01.pdf'], 'one audit event per upload (limit.pdf: the earlier test)');
      const page = await a.get(`/portal/applications/${appId}/checklist`);
      assert.match(page.res.body, /設計書 S1.1-01\.pdf/, 'the checklist shows the item’s attachment');
    });

    it('removes an attachment with its file while the application is a draft', async () => {
      const [first] = await rows();
      await a.get(url);
      const { res } = await a.post(`${url}/${first!.id}/delete`, {});
      assert.equal(res.statusCode, 303);
      assert.equal((await rows()).some((r) => r.id === first!.id), false);
      assert.equal(storedFiles(t.attachmentDir).includes(first!.storage_name), false);
      assert.equal((await a.get(`${url}/${first!.id}`)).res.statusCode, 404);
    });

    it('keeps the attachments of a submitted application as they are', async () => {
      await t.app.inject({ method: 'PATCH', url: `/api/v1/applications/${appId}`, headers: p.vendorA.auth, payload: { checklist: demoChecklist(t.ctx, 'JST-CR-01-01-2024R1') } });
      const submitted = await t.app.inject({ method: 'POST', url: `/api/v1/applications/${appId}/submit`, headers: p.vendorA.auth });
      assert.equal(submitted.statusCode, 200, submitted.body);
      const page = await a.get(url);
      assert.equal(page.doc.querySelector('input[type=file]'), null, 'no upload form');
      const before = { db: await databaseState(t.ctx), rows: await rows(), files: storedFiles(t.attachmentDir) };
      const up = await a.upload(url, {}, [{ name: 'file', filename: 'late.png', content: makePng() }]);
      assert.equal(up.res.statusCode, 409);
      const del = await a.post(`${url}/${before.rows[0]!.id}/delete`, {});
      assert.equal(del.res.statusCode, 409);
      assert.deepEqual({ db: await databaseState(t.ctx), rows: await rows(), files: storedFiles(t.attachmentDir) }, before);
    });
  });
}
