/** The Atom feed of label events and the change feed for mirrors, on both databases. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { XMLParser } from 'fast-xml-parser';
import { SYSTEM_ACTOR } from '../../src/app/context.ts';
import { changeLabelStatus } from '../../src/app/labels/change-label-status.ts';
import { tagAuthority, xmlEscape } from '../../src/app/open-data/atom-feed.ts';
import { updateProduct } from '../../src/app/products/update-product.ts';
import { logSize } from '../../src/app/transparency/log-store.ts';
import { seedDemo } from '../../src/demo/seed-demo.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { BASE_URL, startTestApp, type TestApp } from '../helpers/app.ts';

const FEED_URL = '/feeds/labels.atom';

interface AtomEntry {
  id: string;
  title: string;
  updated: string;
  summary: string;
  link: { '@_href': string; '@_rel': string };
  category: { '@_term': string };
}

const parser = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'entry', parseTagValue: false });

describe('Atom helpers', () => {
  it('names entries by the log origin host, without a port', () => {
    assert.equal(tagAuthority('registry.example.jp/log'), 'registry.example.jp');
    assert.equal(tagAuthority('Registry.Example.JP:8443/jc-star/log'), 'registry.example.jp');
  });

  it('escapes markup characters and drops characters XML 1.0 cannot carry', () => {
    assert.equal(xmlEscape(`<a href="x">&'</a>`), '&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;');
    assert.equal(xmlEscape('a\u0000b\u0008c\u001Fd\uFFFEe\uD800f'), 'abcdef');
    assert.equal(xmlEscape('tab\tline\nルーター😀'), 'tab\tline\nルーター😀');
  });
});

for (const dialect of DIALECTS) {
  describe(`${dialect.name}: Atom feed of label events`, { skip: dialect.skip }, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(dialect);
      await seedDemo(t.ctx);
    });
    after(async () => t?.close());

    const fetchFeed = async () => {
      const res = await t.app.inject({ method: 'GET', url: FEED_URL });
      assert.equal(res.statusCode, 200);
      const feed = parser.parse(res.body).feed;
      return { res, feed, entries: (feed.entry ?? []) as AtomEntry[] };
    };

    it('serves an Atom 1.0 document whose entries have unique ids, newest first', async () => {
      const { res, feed, entries } = await fetchFeed();
      assert.equal(res.headers['content-type'], 'application/atom+xml; charset=utf-8');
      assert.equal(res.headers['cache-control'], 'public, max-age=300');
      assert.equal(feed['@_xmlns'], 'http://www.w3.org/2005/Atom');
      assert.equal(feed.id, 'tag:registry.test,2026:feeds/labels');
      assert.ok(feed.title && feed.author?.name, 'the feed has a title and an author');
      const size = await logSize(t.ctx.db);
      assert.ok(size < 100, 'the demo log fits in one feed');
      const logged = entries.filter((e) => /:log\/\d+$/.test(e.id));
      assert.equal(logged.length, size, 'every log event is in the feed');
      assert.equal(new Set(entries.map((e) => e.id)).size, entries.length, 'ids are unique');
      assert.equal(feed.updated, entries[0]!.updated);
      const times = entries.map((e) => Date.parse(e.updated));
      assert.deepEqual(times, [...times].sort((a, b) => b - a), 'newest first');
      for (const e of entries) {
        assert.match(e.id, /^tag:registry\.test,2026:(log\/\d+|expired\/JS[1-4]-[^/]+\/\d{4}-\d\d-\d\dT[\d:.]+Z)$/);
        assert.match(e.link['@_href'], new RegExp(`^${BASE_URL}/labels/JS[1-4]-`));
        assert.equal(e.link['@_rel'], 'alternate');
      }
    });

    it('gives a revoked label its event with the public reason, under the log index id', async () => {
      const { entries } = await fetchFeed();
      const revoked = entries.filter((e) => e.category['@_term'] === 'label.revoked');
      assert.ok(revoked.length >= 1, 'the demo has a revoked label');
      const entry = revoked[0]!;
      assert.match(entry.title, /^Revoked: .+ \(JS1-[^)]+\) \/ 取消し：/);
      assert.match(entry.summary, /Nonconformity with S1\.1-02/);
      const index = Number(entry.id.split('/').at(-1));
      const row = await t.ctx.db.selectFrom('log_entries').select(['type', 'at']).where('idx', '=', index).executeTakeFirstOrThrow();
      assert.equal(row.type, 'label.revoked');
      assert.equal(entry.updated, row.at);
      // Every logged entry carries the reason of its label event, old or new.
      const reasons = await t.ctx.db
        .selectFrom('log_entries')
        .innerJoin('label_events', (join) => join.onRef('label_events.label_id', '=', 'log_entries.label_id').onRef('label_events.at', '=', 'log_entries.at'))
        .select(['log_entries.idx', 'label_events.reason'])
        .where('label_events.reason', 'is not', null)
        .execute();
      assert.ok(reasons.length >= 6, 'the demo has events with reasons');
      for (const r of reasons) {
        const e = entries.find((x) => x.id === `tag:registry.test,2026:log/${r.idx}`)!;
        assert.ok(e.summary.includes(r.reason!), `log/${r.idx} has its reason`);
      }
    });

    it('adds an entry for a label that expired without an event, and none for one renewed in time', async () => {
      const { entries } = await fetchFeed();
      const expired = entries.filter((e) => e.category['@_term'] === 'label.expired');
      assert.ok(expired.length >= 1, 'the demo has expired labels');
      for (const e of expired) {
        const rn = decodeURIComponent(e.id.split('/')[1]!);
        const label = (await t.app.inject({ method: 'GET', url: `/api/v1/labels/${rn}` })).json();
        assert.equal(label.status, 'expired');
        assert.equal(e.updated, label.expiresAt);
        assert.equal(e.id, `tag:registry.test,2026:expired/${rn}/${label.expiresAt}`);
        assert.match(e.title, /^Expired: .+ \/ 有効期限切れ：/);
      }
      // A renewed label passed its first expiry instant while already renewed: no expiry entry.
      const renewed = entries.filter((e) => e.category['@_term'] === 'label.renewed');
      assert.ok(renewed.length >= 1, 'the demo has a renewed label');
      for (const e of renewed) {
        const rn = e.link['@_href'].split('/').at(-1)!;
        assert.ok(!expired.some((x) => x.link['@_href'].endsWith(`/${rn}`)), `${rn} was renewed before expiry`);
      }
    });

    it('keeps entry ids stable from one request to the next, and answers 304 to the ETag', async () => {
      const first = await fetchFeed();
      const second = await fetchFeed();
      assert.deepEqual(second.entries.map((e) => e.id), first.entries.map((e) => e.id));
      const etag = first.res.headers.etag as string;
      const cached = await t.app.inject({ method: 'GET', url: FEED_URL, headers: { 'if-none-match': etag } });
      assert.equal(cached.statusCode, 304);
      assert.equal(cached.body, '');
      const ims = await t.app.inject({ method: 'GET', url: FEED_URL, headers: { 'if-modified-since': first.res.headers['last-modified'] as string } });
      assert.equal(ims.statusCode, 304);
    });

    it('escapes a product name with markup characters, which reads back intact', async () => {
      const before = await fetchFeed();
      const href = before.entries.find((e) => e.category['@_term'] === 'label.issued')!.link['@_href'];
      const rn = href.split('/').at(-1)!;
      const label = await t.ctx.db.selectFrom('labels').select('product_id').where('registration_number', '=', rn).executeTakeFirstOrThrow();
      const name = `Router <b>&amp;</b> "Pro" 'X' </title></entry>`;
      await updateProduct(t.ctx, SYSTEM_ACTOR, label.product_id, { nameEn: name });
      const after = await fetchFeed();
      assert.notEqual(after.res.headers.etag, before.res.headers.etag);
      assert.ok(after.res.body.includes('Router &lt;b&gt;&amp;amp;&lt;/b&gt; &quot;Pro&quot; &apos;X&apos; &lt;/title&gt;&lt;/entry&gt;'), 'the name is escaped in the XML');
      assert.equal(after.entries.length, before.entries.length, 'no entry was broken open');
      const entry = after.entries.find((e) => e.link['@_href'] === href && e.category['@_term'] === 'label.issued')!;
      assert.equal(entry.title, `Issued: ${name} (${rn}) / ラベル発行：${(await t.app.inject({ method: 'GET', url: `/api/v1/labels/${rn}` })).json().product.name.ja}`);
    });

    it('puts a new revocation first, with its reason, under a new ETag', async () => {
      const before = await fetchFeed();
      const labels = (await t.app.inject({ method: 'GET', url: '/api/v1/labels?status=valid&limit=1' })).json();
      const rn = labels.items[0].registrationNumber;
      t.clock.set(new Date(t.clock.now().getTime() + 60_000));
      await changeLabelStatus(t.ctx, SYSTEM_ACTOR, rn, 'revoke', 'Test revocation: <script>alert(1)</script> & more.');
      const res = await t.app.inject({ method: 'GET', url: FEED_URL, headers: { 'if-none-match': before.res.headers.etag as string } });
      assert.equal(res.statusCode, 200);
      const entries = parser.parse(res.body).feed.entry as AtomEntry[];
      assert.equal(entries[0]!.category['@_term'], 'label.revoked');
      assert.equal(entries[0]!.id, `tag:registry.test,2026:log/${(await logSize(t.ctx.db)) - 1}`);
      assert.equal(entries[0]!.updated, t.clock.now().toISOString());
      assert.ok(entries[0]!.summary.includes('Test revocation: <script>alert(1)</script> & more.'), entries[0]!.summary);
      assert.ok(!res.body.includes('<script>'), 'no raw markup from the reason');
    });

    it('keeps the newest 100 entries once the log is longer, and lets a fresh expiry in', async () => {
      const list = (await t.app.inject({ method: 'GET', url: '/api/v1/labels?status=valid&limit=100' })).json().items as Array<{ registrationNumber: string; expiresAt: string }>;
      const busy = list[0]!;
      const start = t.clock.now().toISOString();
      for (let i = 0; i < 50; i++) {
        t.clock.set(new Date(t.clock.now().getTime() + 1000));
        await changeLabelStatus(t.ctx, SYSTEM_ACTOR, busy!.registrationNumber, 'suspend', `Inquiry ${i}.`);
        t.clock.set(new Date(t.clock.now().getTime() + 1000));
        await changeLabelStatus(t.ctx, SYSTEM_ACTOR, busy!.registrationNumber, 'reinstate', `Inquiry ${i} closed.`);
      }
      const size = await logSize(t.ctx.db);
      assert.ok(size > 100, `log size ${size}`);
      // 100 events, all newer than any expiry so far.
      const newest = Array.from({ length: 100 }, (_, i) => `tag:registry.test,2026:log/${size - 1 - i}`);
      assert.deepEqual((await fetchFeed()).entries.map((e) => e.id), newest, 'older expiries fall outside the window');

      // The next labels to expire do so after every event so far: their expiries lead the feed.
      const current = await t.ctx.db
        .selectFrom('labels')
        .select(['registration_number', 'expires_at'])
        .where('base_status', 'in', ['valid', 'suspended'])
        .where('expires_at', '>', t.clock.now().toISOString())
        .execute();
      const next = current.map((l) => l.expires_at).sort()[0]!;
      const expiring = current.filter((l) => l.expires_at === next).map((l) => l.registration_number).sort();
      t.clock.set(new Date(Date.parse(next) + 1000));
      const { entries } = await fetchFeed();
      assert.equal(entries.length, 100);
      assert.deepEqual(entries.map((e) => e.id), [
        ...expiring.map((rn) => `tag:registry.test,2026:expired/${rn}/${next}`),
        ...newest.slice(0, 100 - expiring.length),
      ]);

      // A clock set back (as the demo loader does) logs an event older than the ones before it.
      const valid = (await t.app.inject({ method: 'GET', url: '/api/v1/labels?status=valid&limit=2' })).json().items as Array<{ registrationNumber: string }>;
      const rn = valid.find((l) => l.registrationNumber !== busy.registrationNumber)!.registrationNumber;
      t.clock.set(new Date(Date.parse(start) - 3_600_000));
      await changeLabelStatus(t.ctx, SYSTEM_ACTOR, rn, 'revoke', 'Back-dated revocation.');
      const late = (await fetchFeed()).entries.find((e) => e.id === `tag:registry.test,2026:log/${size}`);
      assert.ok(late, 'the last logged event is in the feed');
      assert.ok(late.summary.includes('Back-dated revocation.'), late.summary);
    });
  });

  describe(`${dialect.name}: change feed (GET /api/v1/events)`, { skip: dialect.skip }, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(dialect);
      await seedDemo(t.ctx);
    });
    after(async () => t?.close());

    const events = (query: string) => t.app.inject({ method: 'GET', url: `/api/v1/events${query}` });

    it('returns every log entry exactly once, in order, when a mirror follows nextCursor from the start', async () => {
      const seen: Array<{ index: number; cursor: string; leaf: string; type: string; at: string; registrationNumber: string }> = [];
      let cursor: string | undefined;
      for (let round = 0; round < 100; round++) {
        const res = await events(cursor === undefined ? '?limit=7' : `?limit=7&since=${cursor}`);
        assert.equal(res.statusCode, 200);
        const page = res.json();
        seen.push(...page.events);
        cursor = page.nextCursor;
        if (!page.hasMore) break;
      }
      const log = await t.ctx.db.selectFrom('log_entries').selectAll().orderBy('idx').execute();
      assert.ok(log.length > 7 && log.length % 7 !== 0, 'several pages and a partial last one');
      assert.deepEqual(seen.map((e) => e.index), log.map((_, i) => i));
      assert.equal(cursor, String(log.length));
      for (const [i, e] of seen.entries()) {
        assert.equal(e.leaf, log[i]!.leaf);
        assert.equal(e.type, log[i]!.type);
        assert.equal(e.at, log[i]!.at);
        assert.equal(e.cursor, String(i + 1));
        assert.equal(e.registrationNumber, JSON.parse(e.leaf).registrationNumber);
      }
      const defaults = (await events('')).json();
      assert.equal(defaults.events.length, log.length, 'default limit 100 covers the demo log');
      assert.equal(defaults.hasMore, false);
    });

    it('returns just the new event when polled from the previous nextCursor after a revocation', async () => {
      const start = (await events('?limit=1000')).json();
      assert.equal(start.hasMore, false);
      const idle = (await events(`?since=${start.nextCursor}`)).json();
      assert.deepEqual(idle, { events: [], nextCursor: start.nextCursor, hasMore: false });

      const rn = (await t.app.inject({ method: 'GET', url: '/api/v1/labels?status=valid&limit=1' })).json().items[0].registrationNumber;
      t.clock.set(new Date(t.clock.now().getTime() + 60_000));
      await changeLabelStatus(t.ctx, SYSTEM_ACTOR, rn, 'revoke', 'Revoked for the change feed test.');

      const page = (await events(`?since=${start.nextCursor}`)).json();
      assert.equal(page.events.length, 1);
      const [event] = page.events;
      assert.equal(event.index, Number(start.nextCursor));
      assert.equal(event.type, 'label.revoked');
      assert.equal(event.registrationNumber, rn);
      assert.equal(JSON.parse(event.leaf).status, 'revoked');
      assert.equal(page.nextCursor, String(Number(start.nextCursor) + 1));
      assert.equal(page.hasMore, false);
      assert.deepEqual((await events(`?since=${page.nextCursor}`)).json().events, []);
    });

    it('answers 400 INVALID_CURSOR to a cursor it never handed out', async () => {
      const size = await logSize(t.ctx.db);
      for (const bad of ['abc', '-1', '01', '1.5', '1e3', '%20', String(size + 1), '99999999999999999', 'x'.repeat(200)]) {
        const res = await events(`?since=${bad}`);
        assert.equal(res.statusCode, 400, bad);
        assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
        assert.equal(res.json().code, 'INVALID_CURSOR', bad);
      }
      assert.equal((await events(`?since=${size}`)).statusCode, 200, 'the end of the log is a valid cursor');
    });

    it('enforces the page size', async () => {
      for (const limit of ['0', '1001', 'x']) {
        const res = await events(`?limit=${limit}`);
        assert.equal(res.statusCode, 400, limit);
        assert.equal(res.json().code, 'VALIDATION_FAILED');
      }
      assert.equal((await events('?limit=1000')).statusCode, 200);
    });

    it('lets a CDN keep a full page for ever and the tail briefly, with 304 on the ETag', async () => {
      const full = await events('?limit=2');
      assert.equal(full.json().hasMore, true);
      assert.equal(full.headers['cache-control'], 'public, max-age=31536000, immutable');
      const tail = await events(`?since=${await logSize(t.ctx.db)}`);
      assert.equal(tail.headers['cache-control'], 'public, max-age=10');
      const again = await events(`?since=${await logSize(t.ctx.db)}`);
      assert.equal(again.headers.etag, tail.headers.etag);
      const cached = await t.app.inject({ method: 'GET', url: `/api/v1/events?since=${await logSize(t.ctx.db)}`, headers: { 'if-none-match': tail.headers.etag as string } });
      assert.equal(cached.statusCode, 304);
    });
  });
}
