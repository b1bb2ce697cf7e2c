/**
 * What a vendor keeps current after issuance, through the API on SQLite and PostgreSQL, and how it
 * shows in the public label JSON: the support period is extended (never shortened) as dated
 * declarations, with a log leaf, a change-feed entry and a subscriber event; update releases join
 * the timeline; `?at=` shows the record as it was; warnings are derived from time alone; a
 * security.txt is checked before it is kept and warns once it expires. A refused request changes
 * nothing at all.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AppContext } from '../../src/app/context.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { createParties, issueLabelThroughApi, type Parties } from '../helpers/fixtures.ts';
import { databaseState } from '../helpers/snapshot.ts';

/** databaseState plus the tables security information writes to. */
async function fullState(ctx: AppContext): Promise<Record<string, unknown>> {
  const state = await databaseState(ctx);
  for (const table of ['support_declarations', 'product_updates', 'security_txt', 'notification_events', 'log_entries', 'outbox_emails'] as const) {
    const row = await ctx.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    state[table] = Number(row.n);
  }
  state.products_support = await ctx.db.selectFrom('products').select(['id', 'support_ends_on', 'name_en']).orderBy('id').execute();
  state.security_txt_rows = await ctx.db.selectFrom('security_txt').selectAll().orderBy('vendor_id').execute();
  return state;
}

interface Warning {
  code: string;
  facts: Record<string, unknown>;
}

for (const dialect of DIALECTS) {
  describe(`${dialect.name}: support period, updates and security.txt through the API`, { skip: dialect.skip }, () => {
    let t: TestApp;
    let ctx: AppContext;
    let p: Parties;
    let label: { registrationNumber: string; productId: string };
    let issuedAt: string;

    before(async () => {
      t = await startTestApp(dialect);
      ctx = t.ctx;
      p = await createParties(t);
      issuedAt = t.clock.now().toISOString();
      label = await issueLabelThroughApi(t, p, { modelNumbers: ['SEC-1'] }); // support ends 2030-03-31
    });
    after(async () => t?.close());

    const api = (method: string, url: string, auth?: object, payload?: unknown) =>
      t.app.inject({ method: method as 'GET', url, headers: { ...(auth ?? {}) }, ...(payload !== undefined && { payload: payload as object }) });
    const labelJson = async (rn = label.registrationNumber, at?: string) => {
      const res = await api('GET', `/api/v1/labels/${rn}${at ? `?at=${encodeURIComponent(at)}` : ''}`);
      assert.equal(res.statusCode, 200, res.body);
      return res.json();
    };
    const warningCodes = (body: { security: { warnings: Warning[] } }) => body.security.warnings.map((w) => w.code);

    it('extends the support period: both declarations newest first, timeline, change feed, subscriber event; ?at= shows the old end', async () => {
      t.clock.advanceDays(10);
      const extendedAt = t.clock.now().toISOString();
      const res = await api('POST', `/api/v1/products/${label.productId}/support-period`, p.vendorA.auth, { endsOn: '2031-03-31', note: '長期サポート版 / LTS' });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json(), {
        supportEndsOn: '2031-03-31',
        declarations: [
          { endsOn: '2031-03-31', declaredAt: extendedAt, note: '長期サポート版 / LTS' },
          { endsOn: '2030-03-31', declaredAt: issuedAt, note: null },
        ],
      });

      const body = await labelJson();
      assert.equal(body.security.supportEndsOn, '2031-03-31');
      assert.equal(body.security.isSupportEnded, false);
      assert.deepEqual(body.security.supportHistory, res.json().declarations);
      assert.deepEqual(body.timeline[0], {
        type: 'support.extended', at: extendedAt, summary: { supportEndsOn: '2031-03-31', previousSupportEndsOn: '2030-03-31', note: '長期サポート版 / LTS' },
      }, 'newest first');
      assert.ok(body.timeline.some((e: { type: string; summary: { supportEndsOn?: string } }) => e.type === 'support.declared' && e.summary.supportEndsOn === '2030-03-31'));
      assert.ok(body.timeline.some((e: { type: string }) => e.type === 'label.issued'));

      const feed = await api('GET', '/api/v1/events?limit=1000');
      assert.equal(feed.statusCode, 200, feed.body);
      const changes = feed.json().events.filter((e: { registrationNumber: string }) => e.registrationNumber === label.registrationNumber);
      assert.deepEqual(changes.map((e: { type: string }) => e.type), ['label.issued', 'label.support_period_changed']);
      assert.equal(changes[1].at, extendedAt);
      assert.equal(JSON.parse(changes[1].leaf).supportEndsOn, '2031-03-31', 'the signed leaf carries the new end');

      const events = await ctx.db.selectFrom('notification_events').selectAll().where('type', '=', 'support.extended').execute();
      assert.equal(events.length, 1);
      assert.equal(events[0]!.product_id, label.productId);
      assert.equal(events[0]!.vendor_id, p.vendorA.vendorId);
      assert.equal(events[0]!.occurred_at, extendedAt);
      const data = JSON.parse(events[0]!.payload);
      assert.equal(data.supportEndsOn, '2031-03-31');
      assert.equal(data.previousSupportEndsOn, '2030-03-31');
      assert.deepEqual(data.labels.map((l: { registrationNumber: string }) => l.registrationNumber), [label.registrationNumber]);

      const before = await labelJson(label.registrationNumber, new Date(Date.parse(issuedAt) + 86_400_000).toISOString());
      assert.equal(before.security.supportEndsOn, '2030-03-31', '?at= before the extension');
      assert.equal(before.security.supportHistory.length, 1);
      assert.ok(!before.timeline.some((e: { type: string }) => e.type === 'support.extended'));

      const other = await api('POST', `/api/v1/products/${label.productId}/support-period`, p.vendorB.auth, { endsOn: '2032-03-31' });
      assert.equal(other.statusCode, 404, "another vendor's product does not exist for vendor B");
    });

    it('refuses an earlier end, by POST or PATCH, with the current end, and changes nothing', async () => {
      const state = await fullState(ctx);
      const shorter = await api('POST', `/api/v1/products/${label.productId}/support-period`, p.vendorA.auth, { endsOn: '2030-12-31' });
      assert.equal(shorter.statusCode, 422, shorter.body);
      assert.equal(shorter.json().code, 'SUPPORT_PERIOD_SHORTENED');
      assert.equal(shorter.json().currentEndsOn, '2031-03-31');
      assert.deepEqual(shorter.json().errors.map((e: { pointer: string }) => e.pointer), ['/supportEndsOn']);

      // A PATCH that also renames is refused as a whole: the rename does not slip through.
      const patched = await api('PATCH', `/api/v1/products/${label.productId}`, p.vendorA.auth, { nameEn: 'Renamed Router', supportEndsOn: '2029-01-01' });
      assert.equal(patched.statusCode, 422, patched.body);
      assert.equal(patched.json().code, 'SUPPORT_PERIOD_SHORTENED');
      assert.equal(patched.json().currentEndsOn, '2031-03-31');
      const removed = await api('PATCH', `/api/v1/products/${label.productId}`, p.vendorA.auth, { supportEndsOn: null });
      assert.equal(removed.statusCode, 422, removed.body);
      assert.equal(removed.json().code, 'SUPPORT_PERIOD_SHORTENED', 'taking the date away is shortening too');

      // Declaring the same end again is no change at all.
      const same = await api('POST', `/api/v1/products/${label.productId}/support-period`, p.vendorA.auth, { endsOn: '2031-03-31' });
      assert.equal(same.statusCode, 200, same.body);
      assert.equal(same.json().declarations.length, 2);
      assert.deepEqual(await fullState(ctx), state);
      assert.equal((await labelJson()).security.supportEndsOn, '2031-03-31');
    });

    it('announces an update release: in security.updates and the timeline; a future or insecure one is refused', async () => {
      const res = await api('POST', `/api/v1/products/${label.productId}/updates`, p.vendorA.auth, {
        version: '1.0.4', releasedOn: '2026-12-04', notesJa: '脆弱性の修正', notesEn: 'Security fixes', url: 'https://a.example.jp/router/1.0.4',
      });
      assert.equal(res.statusCode, 201, res.body);
      const body = await labelJson();
      assert.deepEqual(body.security.updates, [{ version: '1.0.4', releasedOn: '2026-12-04', notes: { ja: '脆弱性の修正', en: 'Security fixes' }, url: 'https://a.example.jp/router/1.0.4' }]);
      const entry = body.timeline.find((e: { type: string }) => e.type === 'update.released');
      assert.deepEqual(entry, { type: 'update.released', at: '2026-12-04T00:00:00.000+09:00', summary: { version: '1.0.4', notesJa: '脆弱性の修正', notesEn: 'Security fixes', url: 'https://a.example.jp/router/1.0.4' } });
      const feed = (await api('GET', '/api/v1/events?limit=1000')).json().events;
      assert.equal(feed.at(-1).type, 'label.security_info_changed');

      const state = await fullState(ctx);
      const future = await api('POST', `/api/v1/products/${label.productId}/updates`, p.vendorA.auth, { version: '2.0.0', releasedOn: '2027-01-01' });
      assert.equal(future.statusCode, 400, future.body);
      assert.deepEqual(future.json().errors.map((e: { pointer: string }) => e.pointer), ['/releasedOn']);
      const insecure = await api('POST', `/api/v1/products/${label.productId}/updates`, p.vendorA.auth, { version: '1.0.5', releasedOn: '2026-12-04', url: 'http://a.example.jp/x' });
      assert.equal(insecure.statusCode, 400, insecure.body);
      assert.deepEqual(insecure.json().errors.map((e: { pointer: string }) => e.pointer), ['/url']);
      assert.deepEqual(await fullState(ctx), state);
      assert.equal((await labelJson(label.registrationNumber, new Date(Date.parse(issuedAt) + 86_400_000).toISOString())).security.updates.length, 0, 'not there before it was announced');
    });

    const SECURITY_TXT = (expires: string) =>
      ['Contact: mailto:psirt@a.example.jp', 'Contact: https://a.example.jp/psirt', `Expires: ${expires}`, 'Policy: https://a.example.jp/psirt/policy', 'Preferred-Languages: ja, en', ''].join('\n');

    it('files a security.txt shown on the label; one without Contact is refused naming it; once Expires passes the label warns', async () => {
      const expires = '2027-01-05T00:00:00Z';
      const url = `/api/v1/vendors/${p.vendorA.vendorId}/security-txt`;
      const filed = await api('PUT', url, p.vendorA.auth, { text: SECURITY_TXT(expires) });
      assert.equal(filed.statusCode, 200, filed.body);
      assert.equal(filed.json().report.ok, true);
      let body = await labelJson();
      assert.deepEqual(body.security.securityTxt, {
        contact: ['mailto:psirt@a.example.jp', 'https://a.example.jp/psirt'], policy: ['https://a.example.jp/psirt/policy'], canonical: [], expiresAt: '2027-01-05T00:00:00.000Z', expired: false,
      });
      assert.ok(!warningCodes(body).includes('security_txt_expired'));

      const state = await fullState(ctx);
      const noContact = await api('PUT', url, p.vendorA.auth, { text: SECURITY_TXT('2027-02-01T00:00:00Z').split('\n').filter((l) => !l.startsWith('Contact')).join('\n') });
      assert.equal(noContact.statusCode, 422, noContact.body);
      assert.equal(noContact.json().code, 'SECURITY_TXT_INVALID');
      assert.ok(noContact.json().errors.some((e: { detail: string }) => /missing_contact/.test(e.detail) && /Contact/.test(e.detail)), noContact.body);
      assert.ok(noContact.json().issues.some((i: { field: string; severity: string }) => i.field === 'Contact' && i.severity === 'error'));
      const otherVendor = await api('PUT', url, p.vendorB.auth, { text: SECURITY_TXT('2027-02-01T00:00:00Z') });
      assert.equal(otherVendor.statusCode, 404, otherVendor.body);
      assert.deepEqual(await fullState(ctx), state, 'nothing stored');
      assert.equal((await api('GET', url)).json().raw, SECURITY_TXT(expires), 'the filed file is still the one shown');

      t.clock.set('2027-01-05T00:00:01Z');
      body = await labelJson();
      assert.equal(body.security.securityTxt.expired, true);
      const warning = body.security.warnings.find((w: Warning) => w.code === 'security_txt_expired');
      assert.deepEqual(warning, { code: 'security_txt_expired', facts: { expiresAt: '2027-01-05T00:00:00.000Z' } });
      const fresh = await api('GET', url);
      assert.equal(fresh.json().report.expired, true, 'the stored file is judged now, not when it was filed');
    });

    it('the label JSON shows an expired security.txt at once, not minutes later', async () => {
      const expires = new Date(t.clock.now().getTime() + 60_000).toISOString();
      assert.equal((await api('PUT', `/api/v1/vendors/${p.vendorA.vendorId}/security-txt`, p.vendorA.auth, { text: SECURITY_TXT(expires) })).statusCode, 200);
      assert.equal((await labelJson()).security.securityTxt.expired, false);
      t.clock.set(new Date(Date.parse(expires) + 1_000));
      const body = await labelJson();
      assert.equal(body.security.securityTxt.expired, true, 'expired as soon as Expires has passed');
    });

    it('derives warnings from time: support ending before the label, label expiring within 90 days, support ended', async () => {
      t.clock.set('2027-02-01T03:00:00Z');
      const shortSupport = await issueLabelThroughApi(t, p, { modelNumbers: ['SEC-2'], supportEndsOn: '2027-06-30' });
      const expiringSoon = await issueLabelThroughApi(t, p, { modelNumbers: ['SEC-3'] }, { validUntil: '2027-04-02T03:00:00.000Z' });

      let body = await labelJson(shortSupport.registrationNumber);
      const before = body.security.warnings.find((w: Warning) => w.code === 'support_ends_before_label_expiry');
      assert.deepEqual(before, { code: 'support_ends_before_label_expiry', facts: { supportEndsOn: '2027-06-30', labelExpiresAt: body.expiresAt } });
      assert.ok(!warningCodes(body).includes('support_ended'));
      assert.ok(!warningCodes(body).includes('label_expiring'), 'two years left');
      assert.ok(!warningCodes(await labelJson()).includes('support_ends_before_label_expiry'), 'support outlasts the first label');

      body = await labelJson(expiringSoon.registrationNumber);
      assert.deepEqual(body.security.warnings.find((w: Warning) => w.code === 'label_expiring'), { code: 'label_expiring', facts: { expiresAt: '2027-04-02T03:00:00.000Z', daysLeft: 60 } });

      // Support ends on 30 June (JST): still supported that day, ended from 1 July.
      t.clock.set('2027-06-30T14:59:59Z');
      body = await labelJson(shortSupport.registrationNumber);
      assert.equal(body.security.isSupportEnded, false);
      assert.ok(warningCodes(body).includes('support_ends_before_label_expiry'));
      t.clock.set('2027-06-30T15:00:00Z');
      body = await labelJson(shortSupport.registrationNumber);
      assert.equal(body.security.isSupportEnded, true);
      assert.deepEqual(body.security.warnings.find((w: Warning) => w.code === 'support_ended'), { code: 'support_ended', facts: { supportEndsOn: '2027-06-30' } });
      assert.ok(!warningCodes(body).includes('support_ends_before_label_expiry'), 'one support warning at a time');

      body = await labelJson(expiringSoon.registrationNumber);
      assert.equal(body.status, 'expired');
      assert.ok(!warningCodes(body).includes('label_expiring'), 'an expired label is no longer "expiring"');
    });
  });
}
