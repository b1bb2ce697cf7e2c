/**
 * The console dashboard on SQLite and PostgreSQL with the demo dataset: each chart is well-formed
 * XML, its bars carry the same numbers as the table under it, and the figures agree with
 * independent counts (the queue's ages, the application events, the public label list).
 * Also the pure pieces: JST weeks, age buckets, the audit diff.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { SYSTEM_ACTOR } from '../../src/app/context.ts';
import { diffJson } from '../../src/app/console/audit-trail.ts';
import { DECISION_TYPES, DECISION_WEEKS, EXPIRING_WITHIN_DAYS, getDashboard } from '../../src/app/console/dashboard.ts';
import { lastJstWeeks } from '../../src/app/console/jst-weeks.ts';
import { listReviewQueue, QUEUE_TABS, WAITING_STATUSES } from '../../src/app/console/review-queue.ts';
import { ageBucket, ageInDays } from '../../src/app/console/waiting-age.ts';
import { listPublicLabels } from '../../src/app/labels/list-public-labels.ts';
import { DEMO_LOGINS, DEMO_PASSWORD, seedDemo } from '../../src/demo/seed-demo.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { text } from '../pages/helpers.ts';
import { getPage, logIn } from './session.ts';

describe('dashboard building blocks', () => {
  it('cuts JST weeks on Monday 00:00 in Tokyo, oldest first', () => {
    // Sunday 2026-11-29 23:30 JST is still the week of Monday 23 November.
    const weeks = lastJstWeeks(new Date('2026-11-29T14:30:00Z'), 3);
    assert.deepEqual(weeks.map((w) => w.monday), ['2026-11-09', '2026-11-16', '2026-11-23']);
    assert.equal(weeks[2]!.start.toISOString(), '2026-11-22T15:00:00.000Z');
    assert.equal(weeks[2]!.end.toISOString(), '2026-11-29T15:00:00.000Z');
    // Half an hour later it is Monday 30 November in Tokyo.
    assert.equal(lastJstWeeks(new Date('2026-11-29T15:30:00Z'), 1)[0]!.monday, '2026-11-30');
    for (let i = 1; i < weeks.length; i++) assert.equal(weeks[i]!.start.getTime(), weeks[i - 1]!.end.getTime());
  });

  it('counts whole days waited and buckets them 0–7, 8–14, 15–30, 31–60, 61+', () => {
    const now = new Date('2026-11-25T03:00:00Z');
    assert.equal(ageInDays('2026-11-25T02:00:00Z', now), 0);
    assert.equal(ageInDays('2026-11-18T03:00:00Z', now), 7);
    assert.equal(ageInDays('2026-11-18T02:59:59Z', now), 7);
    assert.equal(ageInDays('2026-11-17T03:00:00Z', now), 8);
    assert.deepEqual([0, 7, 8, 14, 15, 30, 31, 60, 61, 400].map(ageBucket), [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]);
  });

  it('turns audit before/after JSON into changed fields, model numbers as added and removed', () => {
    const before = { status: 'submitted', version: 3, modelNumbers: ['A', 'B'], checklist: [{ itemId: 'S1.1-01-01', answer: 'conforms', evidence: 'x' }] };
    const after = { status: 'accepted', version: 4, modelNumbers: ['B', 'C'], checklist: [{ itemId: 'S1.1-01-01', answer: 'conforms', evidence: 'y' }] };
    assert.deepEqual(diffJson(before, after), [
      { path: 'status', before: 'submitted', after: 'accepted' },
      { path: 'modelNumbers', before: null, after: null, added: ['C'], removed: ['A'] },
      { path: 'checklist[S1.1-01-01].evidence', before: 'x', after: 'y' },
    ]);
    assert.deepEqual(diffJson(null, { a: 1 }), [{ path: 'a', before: null, after: '1' }]);
  });
});

/** The SVG elements of a page, each checked to be well-formed XML and parsed. */
function charts(body: string): Map<string, { xml: string; tree: unknown }> {
  const found = new Map<string, { xml: string; tree: unknown }>();
  for (const match of body.matchAll(/<svg class="chart[\s\S]*?<\/svg>/g)) {
    const xml = match[0];
    const valid = XMLValidator.validate(xml);
    assert.equal(valid, true, `well-formed SVG: ${JSON.stringify(valid)}`);
    const id = /data-chart="([^"]+)"/.exec(xml)![1]!;
    found.set(id, { xml, tree: new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml) });
  }
  return found;
}

type Node = Record<string, unknown>;
const list = (v: unknown): Node[] => (v === undefined ? [] : Array.isArray(v) ? (v as Node[]) : [v as Node]);

/** Per group (row or column): the numbers of its bars by series. */
function barsOf(tree: unknown, groupAttr: 'data-row' | 'data-column'): Map<string, Record<string, number>> {
  const groups = new Map<string, Record<string, number>>();
  for (const g of list((tree as { svg: Node }).svg.g)) {
    const values: Record<string, number> = {};
    for (const rect of list(g.rect)) if (rect['data-series']) values[String(rect['data-series'])] = Number(rect['data-value']);
    groups.set(String(g[groupAttr]), values);
  }
  return groups;
}

const number = (s: string) => Number(s.replace(/[,\s]/g, ''));

for (const dialect of DIALECTS) {
  describe(`console dashboard (${dialect.name})`, { skip: dialect.skip }, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(dialect);
      await seedDemo(t.ctx);
    });
    after(async () => t?.close());

    it('agrees with the queue, the application events and the public list', async () => {
      const dashboard = await getDashboard(t.ctx, SYSTEM_ACTOR);
      const now = t.clock.now();
      // Backlog: the same applications the queue lists, bucketed by the ages the queue shows,
      // now and as the applications keep waiting (every bucket gets used along the way).
      const start = t.clock.now();
      const used = new Set<number>();
      for (const days of [0, 10, 20, 45, 70]) {
        t.clock.set(new Date(start.getTime() + days * 86_400_000));
        const later = await getDashboard(t.ctx, SYSTEM_ACTOR);
        for (const row of later.backlog) {
          const tab = (Object.keys(QUEUE_TABS) as Array<keyof typeof QUEUE_TABS>).find((k) => (QUEUE_TABS[k] as readonly string[]).includes(row.status))!;
          const queue = await listReviewQueue(t.ctx, SYSTEM_ACTOR, { tab, status: row.status });
          assert.equal(row.total, queue.total, row.status);
          const expected = [0, 0, 0, 0, 0];
          for (const item of queue.items) expected[ageBucket(item.ageDays)]! += 1;
          assert.deepEqual(row.buckets, expected, `${row.status} after ${days} days`);
          row.buckets.forEach((n, i) => n && used.add(i));
        }
      }
      t.clock.set(start);
      assert.deepEqual([...used].sort(), [0, 1, 2, 3, 4]);
      assert.ok(dashboard.backlog.some((b) => b.total > 0), 'the demo has waiting applications');
      assert.deepEqual(dashboard.backlog.map((b) => b.status), [...WAITING_STATUSES]);

      // Decisions: every decision event of the last 12 JST weeks, counted here in JavaScript.
      const weeks = lastJstWeeks(now, DECISION_WEEKS);
      const events = await t.ctx.db.selectFrom('application_events').select(['type', 'at']).where('type', 'in', [...DECISION_TYPES]).execute();
      for (const [i, w] of weeks.entries()) {
        for (const type of DECISION_TYPES) {
          const count = events.filter((e) => e.type === type && e.at >= w.start.toISOString() && e.at < w.end.toISOString()).length;
          assert.equal(dashboard.decisionsPerWeek[i]!.counts[type], count, `${w.monday} ${type}`);
        }
      }

      // Expiring: valid labels of the public list whose expiry is within 90 days.
      const valid = (await listPublicLabels(t.ctx, { status: 'valid', sort: 'expiring', limit: 100 })).items;
      const until = new Date(now.getTime() + EXPIRING_WITHIN_DAYS * 86_400_000).toISOString();
      const soon = valid.filter((l) => l.expiresAt <= until).length;
      assert.ok(soon > 0, 'the demo has labels expiring soon');
      assert.equal(dashboard.expiringByMonth.reduce((s, m) => s + m.count, 0), soon);
    });

    it('draws charts that parse as XML and carry the numbers of their tables', async () => {
      const session = await logIn(t, DEMO_LOGINS.reviewer, DEMO_PASSWORD);
      const { status, body, doc } = await getPage(t, session, '/console/dashboard');
      assert.equal(status, 200);
      const found = charts(body);
      assert.deepEqual([...found.keys()], ['chart-backlog', 'chart-decisions', 'chart-expiring']);
      const dashboard = await getDashboard(t.ctx, SYSTEM_ACTOR);

      // Backlog: one row per status, one bar part per age bucket, matching the table row.
      const backlogRows = doc.querySelectorAll('table[data-table=backlog] tbody tr');
      const backlogBars = barsOf(found.get('chart-backlog')!.tree, 'data-row');
      assert.equal(backlogRows.length, backlogBars.size);
      for (const [i, tr] of backlogRows.entries()) {
        const cells = tr.querySelectorAll('td').map((td) => number(text(td)));
        const bars = backlogBars.get(text(tr.querySelector('th')))!;
        assert.ok(bars, text(tr.querySelector('th')));
        assert.deepEqual(cells.slice(0, -1), [0, 1, 2, 3, 4].map((b) => bars[`age-${b}`] ?? 0));
        assert.equal(cells.at(-1), dashboard.backlog[i]!.total);
      }

      // Decisions: one column per week, parts per decision type, matching the table.
      const weekRows = doc.querySelectorAll('table[data-table=decisions] tbody tr');
      const weekBars = barsOf(found.get('chart-decisions')!.tree, 'data-column');
      assert.equal(weekRows.length, DECISION_WEEKS);
      assert.equal(weekBars.size, DECISION_WEEKS);
      let decided = 0;
      for (const tr of weekRows) {
        const cells = tr.querySelectorAll('td').map((td) => number(text(td)));
        const bars = weekBars.get(text(tr.querySelector('th')))!;
        assert.deepEqual(cells.slice(0, -1), DECISION_TYPES.map((type) => bars[type] ?? 0));
        decided += cells.at(-1)!;
      }
      assert.equal(decided, dashboard.decisionsPerWeek.reduce((s, w) => s + w.total, 0));

      // Expiring: one column per month, matching the table.
      const monthRows = doc.querySelectorAll('table[data-table=expiring] tbody tr');
      const monthBars = barsOf(found.get('chart-expiring')!.tree, 'data-column');
      assert.deepEqual(
        monthRows.map((tr) => number(text(tr.querySelector('td')))),
        [...monthBars.values()].map((b) => b.expiring ?? 0),
      );
      assert.deepEqual(monthRows.map((tr) => number(text(tr.querySelector('td')))), dashboard.expiringByMonth.map((m) => m.count));
    });
  });
}
