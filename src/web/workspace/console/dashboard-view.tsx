/**
 * /console/dashboard: the backlog by status and days waited, decisions per week, and labels
 * expiring within 90 days by month. Each chart is followed by a table with the same numbers.
 */
import type { Children } from '@kitajs/html';
import { DECISION_TYPES, type Dashboard } from '../../../app/console/dashboard.ts';
import { bucketRanges } from '../../../app/console/waiting-age.ts';
import type { ViewContext } from '../shell.tsx';
import { formatDateTime, messagesFor } from './console-kit.tsx';
import { Legend, NumbersTable, StackedColumns, StackedRows, type Series } from './charts.tsx';

function Section({ id, title, note, children }: { id: string; title: string; note: string; children: Children }) {
  return (
    <section class="block stats-block" id={id} aria-labelledby={`${id}-heading`}>
      <h2 class="block__heading" id={`${id}-heading`} safe>{title}</h2>
      <p class="stats-note" safe>{note}</p>
      {children}
    </section>
  );
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

export function DashboardMain({ view, dashboard }: { view: ViewContext; dashboard: Dashboard }) {
  const m = messagesFor(view.lang);
  const d = m.dashboard;
  const n = m.num;

  const buckets: Series[] = bucketRanges().map((r, i) => ({ key: `age-${i}`, kind: `age-${i}`, label: d.bucket(r.from, r.to) }));
  const backlogRows = dashboard.backlog.map((b) => ({ label: (m.appStatus as Record<string, string>)[b.status]!, values: b.buckets, text: n(b.total) }));
  const backlogTotal = sum(dashboard.backlog.map((b) => b.total));

  const decisions: Series[] = DECISION_TYPES.map((type) => ({ key: type, kind: `decision-${type}`, label: d.decisionTypes[type]! }));
  const weeks = dashboard.decisionsPerWeek;
  const decisionTotal = sum(weeks.map((w) => w.total));

  const expiring: Series[] = [{ key: 'expiring', kind: 'expiring', label: d.colLabels }];
  const months = dashboard.expiringByMonth;
  const expiringTotal = sum(months.map((x) => x.count));

  return (
    <>
      <div class="intro">
        <h1 class="page-title" safe>{d.title}</h1>
        <p class="lede" safe>{d.lede(formatDateTime(dashboard.asOf, view.lang))}</p>
      </div>
      <div class="stats-grid">
        <Section id="backlog" title={d.backlog} note={d.backlogNote}>
          <Legend series={buckets} />
          <StackedRows
            id="chart-backlog"
            name={d.chartName(d.backlog, backlogRows.map((r) => `${r.label} ${r.text}`).join(m.listSeparator))}
            series={buckets}
            rows={backlogRows}
            scale={80}
          />
          <NumbersTable
            id="backlog"
            summary={d.showTable}
            caption={d.backlog}
            head={[d.colStatus, ...buckets.map((b) => b.label), d.total]}
            rows={dashboard.backlog.map((b, i) => [backlogRows[i]!.label, ...b.buckets.map(n), n(b.total)])}
            foot={[d.total, ...buckets.map((_, i) => n(sum(dashboard.backlog.map((b) => b.buckets[i]!)))), n(backlogTotal)]}
          />
        </Section>
        <Section id="decisions" title={d.decisions} note={d.decisionsNote}>
          <Legend series={decisions} />
          <StackedColumns
            id="chart-decisions"
            name={d.chartName(d.decisions, `${d.total} ${n(decisionTotal)}`)}
            series={decisions}
            columns={weeks.map((w, i) => ({ tick: (weeks.length - 1 - i) % 2 === 0 ? d.week(w.week) : '', minor: false, label: d.weekLong(w.week), values: DECISION_TYPES.map((t) => w.counts[t]) }))}
          />
          <NumbersTable
            id="decisions"
            summary={d.showTable}
            caption={d.decisions}
            head={[d.colWeek, ...decisions.map((s) => s.label), d.total]}
            rows={weeks.map((w) => [d.weekLong(w.week), ...DECISION_TYPES.map((t) => n(w.counts[t])), n(w.total)])}
            foot={[d.total, ...DECISION_TYPES.map((t) => n(sum(weeks.map((w) => w.counts[t])))), n(decisionTotal)]}
          />
        </Section>
        <Section id="expiring" title={d.expiring} note={d.expiringNote}>
          <StackedColumns
            id="chart-expiring"
            name={d.chartName(d.expiring, months.map((x) => `${d.month(x.month)} ${n(x.count)}`).join(m.listSeparator))}
            series={expiring}
            columns={months.map((x) => ({ tick: d.monthTick(x.month), minor: false, label: d.month(x.month), values: [x.count] }))}
          />
          <NumbersTable
            id="expiring"
            summary={d.showTable}
            caption={d.expiring}
            head={[d.colMonth, d.colLabels]}
            rows={months.map((x) => [d.month(x.month), n(x.count)])}
            foot={[d.total, n(expiringTotal)]}
          />
        </Section>
      </div>
    </>
  );
}
