/** The statistics page /stats and its use case, on SQLite and PostgreSQL, with the demo dataset. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { listPublicLabels, type PublicLabelSummary } from '../../src/app/labels/list-public-labels.ts';
import { lastJstMonths } from '../../src/app/stats/jst-months.ts';
import { EXPIRING_SOON_DAYS, getRegistryStats, ISSUED_MONTHS } from '../../src/app/stats/registry-stats.ts';
import { seedDemo } from '../../src/demo/seed-demo.ts';
import { LABEL_STATUSES } from '../../src/domain/label-status.ts';
import { jstDate } from '../../src/domain/time.ts';
import { ja } from '../../src/web/pages/i18n/ja.ts';
import { DIALECTS, sqlite } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { duplicateIds, getPage, issueLabelFor, text } from './helpers.ts';

/** Every label of the public list (the demo has fewer than one full page of 100). */
async function allLabels(t: TestApp): Promise<PublicLabelSummary[]> {
  const list = await listPublicLabels(t.ctx, { limit: 100 });
  assert.equal(list.nextCursor, null, 'one page holds every label');
  return list.items;
}

describe('lastJstMonths', () => {
  it('ends with the JST month of now, even when it is still the previous month in UTC', () => {
    const months = lastJstMonths(new Date('2026-10-31T15:30:00Z'), 3);
    assert.deepEqual(months.map((m) => m.month), ['2026-09', '2026-10', '2026-11']);
    assert.equal(months[2]!.start.toISOString(), '2026-10-31T15:00:00.000Z');
    assert.equal(months[2]!.end.toISOString(), '2026-11-30T15:00:00.000Z');
  });

  it('crosses years, oldest first, each month ending where the next begins', () => {
    const months = lastJstMonths(new Date('2026-02-10T00:00:00Z'), ISSUED_MONTHS);
    assert.equal(months.length, 18);
    assert.equal(months[0]!.month, '2024-09');
    assert.equal(months.at(-1)!.month, '2026-02');
    for (let i = 1; i < months.length; i++) assert.equal(months[i]!.start.getTime(), months[i - 1]!.end.getTime());
  });
});

for (const dialect of DIALECTS) {
  describe(`registry statistics (${dialect.name})`, { skip: dialect.skip }, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(dialect);
      await seedDemo(t.ctx);
    });
    after(async () => t?.close());

    it('counts each status as the public list does, and the counts add up to the total', async () => {
      const stats = await getRegistryStats(t.ctx);
      const total = (await listPublicLabels(t.ctx, {})).total;
      assert.equal(stats.total, total);
      for (const status of LABEL_STATUSES) {
        const listed = (await listPublicLabels(t.ctx, { status })).total;
        assert.ok(listed > 0, `the demo has ${status} labels`);
        assert.equal(stats.byStatus[status], listed, status);
      }
      assert.equal(LABEL_STATUSES.reduce((sum, s) => sum + stats.byStatus[s], 0), total);
    });

    it('counts valid labels expiring within 90 days', async () => {
      const now = t.clock.now().getTime();
      const valid = (await listPublicLabels(t.ctx, { status: 'valid', limit: 100 })).items;
      const soon = valid.filter((l) => new Date(l.expiresAt).getTime() <= now + EXPIRING_SOON_DAYS * 86_400_000);
      const stats = await getRegistryStats(t.ctx);
      assert.ok(soon.length > 0, 'the demo has labels that expire soon');
      assert.equal(stats.expiringSoon, soon.length);
    });

    it('counts labels per level and per category, and the valid ones among them, as the public list does', async () => {
      const stats = await getRegistryStats(t.ctx);
      assert.deepEqual(stats.byLevel.map((l) => l.level), t.ctx.catalog.jcStar.levels.map((l) => l.level));
      for (const l of stats.byLevel) {
        assert.equal(l.total, (await listPublicLabels(t.ctx, { level: l.level })).total, `level ${l.level}`);
        assert.equal(l.valid, (await listPublicLabels(t.ctx, { level: l.level, status: 'valid' })).total, `valid at level ${l.level}`);
      }
      assert.ok(stats.byLevel[0]!.total > 0);
      assert.deepEqual(stats.byCategory.map((c) => c.category).sort(), t.ctx.catalog.jcStar.categories.map((c) => c.id).sort());
      for (const c of stats.byCategory) {
        assert.equal(c.total, (await listPublicLabels(t.ctx, { category: c.category })).total, c.category);
        assert.equal(c.valid, (await listPublicLabels(t.ctx, { category: c.category, status: 'valid' })).total, `valid ${c.category}`);
      }
      const totals = stats.byCategory.map((c) => c.total);
      assert.deepEqual(totals, [...totals].sort((a, b) => b - a), 'most labels first');
    });

    it('counts labels issued in each of the last 18 JST months', async () => {
      const stats = await getRegistryStats(t.ctx);
      assert.equal(stats.issuedPerMonth.length, ISSUED_MONTHS);
      assert.equal(stats.issuedPerMonth.at(-1)!.month, jstDate(t.clock.now()).slice(0, 7));
      const expected = new Map<string, number>();
      for (const label of await allLabels(t)) {
        const month = jstDate(new Date(label.issuedAt)).slice(0, 7);
        expected.set(month, (expected.get(month) ?? 0) + 1);
      }
      for (const m of stats.issuedPerMonth) assert.equal(m.count, expected.get(m.month) ?? 0, m.month);
      assert.ok(stats.issuedPerMonth.filter((m) => m.count > 0).length >= 6, 'the demo spreads labels over many months');
    });

    it('renders /stats in Japanese: figures, four SVG charts with role=img and names, and their tables', async () => {
      const stats = await getRegistryStats(t.ctx);
      const { res, doc } = await getPage(t, '/stats');
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /^text\/html/);
      assert.match(String(res.headers['content-security-policy']), /default-src 'none'/);
      assert.equal(doc.querySelector('html')?.getAttribute('lang'), 'ja');
      assert.equal(text(doc.querySelector('h1')), '登録状況の統計');
      assert.ok(text(doc.querySelector('.lede')).includes('2026年11月25日時点'));
      assert.deepEqual(duplicateIds(doc), []);
      assert.equal(doc.querySelectorAll('script').length, 0);
      assert.equal(doc.querySelectorAll('[style]').length, 0, 'no style attributes: the CSP forbids them');

      const figure = (kind: string) => text(doc.querySelector(`[data-figure="${kind}"] dd`));
      assert.equal(figure('total'), `${stats.total}件`);
      assert.equal(figure('valid'), `${stats.byStatus.valid}件`);
      assert.equal(figure('expiring'), `${stats.expiringSoon}件`);

      const charts = doc.querySelectorAll('main svg.chart');
      assert.equal(charts.length, 4);
      for (const svg of charts) {
        assert.equal(svg.getAttribute('role'), 'img');
        const titleId = svg.getAttribute('aria-labelledby')!;
        const title = svg.querySelector('title');
        assert.equal(title?.getAttribute('id'), titleId);
        assert.ok(text(title).length > 10, 'the chart has a name');
        const section = svg.closest('section')!;
        assert.ok(section.querySelector('details table'), 'the numbers are in a table next to the chart');
      }
      const statusName = text(doc.querySelector('#stats-status svg title'));
      for (const s of LABEL_STATUSES) assert.ok(statusName.includes(`${ja.status[s]} ${stats.byStatus[s]}件`), s);

      const rows = (id: string) => doc.querySelectorAll(`#${id} tbody tr`).map((tr) => tr.querySelectorAll('th, td').map((c) => text(c)));
      assert.deepEqual(rows('stats-status')[0]!.slice(0, 2), ['有効', String(stats.byStatus.valid)]);
      assert.deepEqual(rows('stats-level').map((r) => r.slice(0, 3)), stats.byLevel.map((l) => [`レベル ★${l.level}`, String(l.total), String(l.valid)]));
      const router = t.ctx.catalog.jcStar.categories.find((c) => c.id === 'router')!;
      const routerStats = stats.byCategory.find((c) => c.category === 'router')!;
      assert.ok(rows('stats-category').some((r) => r[0] === router.name.ja && r[1] === String(routerStats.total)));
      const months = rows('stats-monthly');
      assert.equal(months.length, ISSUED_MONTHS);
      assert.deepEqual(months.at(-1), ['2026年11月', String(stats.issuedPerMonth.at(-1)!.count)]);
      assert.equal(text(doc.querySelector('#stats-monthly tfoot td')), String(stats.issuedPerMonth.reduce((s, m) => s + m.count, 0)));
    });

    it('draws bars in proportion: the longest status bar is the most common status', async () => {
      const stats = await getRegistryStats(t.ctx);
      const { doc } = await getPage(t, '/stats');
      const svg = doc.querySelector('#stats-status svg')!;
      const widths = svg.querySelectorAll('g').map((g) => g.querySelectorAll('rect.chart__bar').reduce((sum, r) => sum + parseFloat(r.getAttribute('width')!), 0));
      const counts = LABEL_STATUSES.map((s) => stats.byStatus[s]);
      const longest = Math.max(...widths);
      widths.forEach((w, i) => assert.ok(Math.abs(w - (counts[i]! / Math.max(...counts)) * longest) < 0.05, `${LABEL_STATUSES[i]}: ${w}`));
      const monthBars = doc.querySelectorAll('#stats-monthly rect.chart__bar');
      assert.equal(monthBars.length, stats.issuedPerMonth.filter((m) => m.count > 0).length);
    });

    it('renders /stats in English with the category names of the catalogue', async () => {
      const { res, doc } = await getPage(t, '/stats?lang=en');
      assert.equal(res.statusCode, 200);
      assert.equal(doc.querySelector('html')?.getAttribute('lang'), 'en');
      assert.equal(text(doc.querySelector('h1')), 'Registry statistics');
      assert.ok(text(doc.querySelector('.lede')).includes('25 Nov 2026'));
      const names = doc.querySelectorAll('#stats-category tbody th').map((th) => text(th)).sort();
      assert.deepEqual(names, t.ctx.catalog.jcStar.categories.map((c) => c.name.en).sort());
      assert.equal(doc.querySelectorAll('main svg[role="img"]').length, 4);
      assert.equal(text(doc.querySelector('#stats-monthly tbody th')), 'Jun 2025');
      assert.equal(doc.querySelector('.lang-nav a')?.getAttribute('href'), '/stats?lang=ja');
      assert.equal(doc.querySelector('.site-nav a[href="/stats"]')?.getAttribute('aria-current'), 'page');
    });

    it('puts a label issued at 00:30 JST on the 1st of a month into that month (regression: UTC month)', async () => {
      const before = await getRegistryStats(t.ctx);
      const resume = t.clock.now();
      t.clock.set('2026-10-31T15:30:00.000Z'); // 2026-11-01 00:30 in Tokyo
      try {
        await issueLabelFor(t, { nameJa: '月境界テスト機', nameEn: 'Month boundary tester', modelNumbers: ['MB-0001'] });
      } finally {
        t.clock.set(resume);
      }
      const afterwards = await getRegistryStats(t.ctx);
      const count = (stats: typeof before, month: string) => stats.issuedPerMonth.find((m) => m.month === month)!.count;
      assert.equal(count(afterwards, '2026-11'), count(before, '2026-11') + 1);
      assert.equal(count(afterwards, '2026-10'), count(before, '2026-10'));
      assert.equal(afterwards.total, before.total + 1);
      assert.equal(afterwards.byStatus.valid, before.byStatus.valid + 1);
    });
  });
}

describe('statistics of an empty registry', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp(sqlite);
  });
  after(async () => t?.close());

  it('shows zeros, never NaN, and links to /stats from every page', async () => {
    const { res, doc } = await getPage(t, '/stats');
    assert.equal(res.statusCode, 200);
    assert.equal(text(doc.querySelector('[data-figure="total"] dd')), '0件');
    assert.doesNotMatch(res.body, /NaN|Infinity|undefined/);
    assert.equal(doc.querySelectorAll('main svg[role="img"]').length, 4);
    const home = await getPage(t, '/');
    assert.ok(home.doc.querySelector('header .site-nav a[href="/stats"]'), 'a link to the statistics in the header');
    assert.equal(home.doc.querySelector('.site-nav a[href="/"]')?.getAttribute('aria-current'), 'page');
    assert.equal(home.doc.querySelector('.site-nav a[href="/stats"]')?.hasAttribute('aria-current'), false);
  });
});
