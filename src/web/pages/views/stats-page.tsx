/**
 * `/stats`: the registry's public figures as charts drawn on the server. Each chart is an inline
 * SVG with role="img" and a name that sums it up, styled only by presentation attributes and
 * classes from site.css (the CSP forbids style attributes), with the same numbers in a table
 * under it for screen readers, for people who cannot see the chart, and for copying.
 *
 * The SVGs have no viewBox: user units are CSS pixels, so text keeps its size on a phone, and
 * horizontal positions are percentages of the chart's width.
 */
import type { Children } from '@kitajs/html';
import { EXPIRING_SOON_DAYS, type RegistryStats } from '../../../app/stats/registry-stats.ts';
import { LABEL_STATUSES, type LabelStatus } from '../../../domain/label-status.ts';
import { formatDate } from '../format.ts';
import type { Lang, Messages } from '../i18n/index.ts';

export interface StatsPageProps {
  t: Messages;
  lang: Lang;
  stats: RegistryStats;
  /** The category's name in the page language (the id itself when the catalogue lacks it). */
  categoryName: (id: string) => string;
}

interface Segment {
  value: number;
  /** A `chart__bar--*` modifier from site.css. */
  kind: string;
}

interface BarRow {
  label: string;
  /** Drawn one after the other from the left; their sum is the bar's length. */
  segments: Segment[];
  /** Written after the bar. */
  text: string;
}

/** Percentages are written with at most two decimals. */
const pct = (value: number) => `${Math.round(value * 100) / 100}%`;

const ROW_HEIGHT = 50;

/**
 * Horizontal bars, one row each: the label on one line, the bar and its number on the next. The
 * longest bar is `scale` % of the chart's width, which leaves the rest for its number on a phone.
 */
function BarChart({ id, name, rows, scale }: { id: string; name: string; rows: BarRow[]; scale: number }) {
  const max = Math.max(1, ...rows.map((r) => r.segments.reduce((sum, s) => sum + s.value, 0)));
  return (
    <svg class="chart chart--bars" width="100%" height={String(rows.length * ROW_HEIGHT)} role="img" aria-labelledby={`${id}-title`} focusable="false">
      <title id={`${id}-title`} safe>
        {name}
      </title>
      {rows.map((row, index) => {
        const top = index * ROW_HEIGHT;
        let offset = 0;
        return (
          <g>
            <text class="chart__label" x="0" y={String(top + 16)} safe>
              {row.label}
            </text>
            <rect class="chart__track" x="0" y={String(top + 24)} width={pct(scale)} height="16" />
            {row.segments
              .filter((s) => s.value > 0)
              .map((s) => {
                const x = (offset / max) * scale;
                offset += s.value;
                return <rect class={['chart__bar', `chart__bar--${s.kind}`]} x={pct(x)} y={String(top + 24)} width={pct((s.value / max) * scale)} height="16" />;
              })}
            <text class="chart__value" x={pct((offset / max) * scale)} dx="8" y={String(top + 37)} safe>
              {row.text}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

const PLOT_TOP = 24;
const PLOT_HEIGHT = 150;
const BASELINE = PLOT_TOP + PLOT_HEIGHT;

/** Columns per month. On narrow screens only every third month is named (site.css). */
function MonthChart({ id, name, months, t }: { id: string; name: string; months: RegistryStats['issuedPerMonth']; t: Messages }) {
  const max = Math.max(1, ...months.map((m) => m.count));
  const slot = 100 / Math.max(1, months.length);
  return (
    <svg class="chart chart--months" width="100%" height={String(BASELINE + 44)} role="img" aria-labelledby={`${id}-title`} focusable="false">
      <title id={`${id}-title`} safe>
        {name}
      </title>
      {months.map((m, index) => {
        const [year, month] = m.month.split('-').map(Number) as [number, number];
        const height = (m.count / max) * PLOT_HEIGHT;
        const centre = pct((index + 0.5) * slot);
        const isMinor = (months.length - 1 - index) % 3 !== 0;
        return (
          <g>
            {m.count > 0 ? (
              <>
                <rect class="chart__bar chart__bar--issued" x={pct((index + 0.2) * slot)} y={String(BASELINE - height)} width={pct(slot * 0.6)} height={String(height)} />
                <text class="chart__value" x={centre} y={String(BASELINE - height - 6)} text-anchor="middle" safe>
                  {t.stats.num(m.count)}
                </text>
              </>
            ) : (
              ''
            )}
            <text class={['chart__tick', isMinor && 'chart__tick--minor']} x={centre} y={String(BASELINE + 18)} text-anchor="middle" safe>
              {t.stats.monthTick(month)}
            </text>
            {index === 0 || month === 1 ? (
              <text class="chart__tick chart__tick--year" x={pct(index * slot)} y={String(BASELINE + 36)} safe>
                {t.stats.yearTick(year)}
              </text>
            ) : (
              ''
            )}
          </g>
        );
      })}
      <line class="chart__axis" x1="0" x2="100%" y1={String(BASELINE + 0.5)} y2={String(BASELINE + 0.5)} />
    </svg>
  );
}

function Legend({ items }: { items: Array<{ kind: string; text: string }> }) {
  return (
    <ul class="chart-legend">
      {items.map((item) => (
        <li class="chart-legend__item">
          <span class={['chart-legend__swatch', `chart-legend__swatch--${item.kind}`]} aria-hidden="true"></span>
          <span safe>{item.text}</span>
        </li>
      ))}
    </ul>
  );
}

/** The numbers of a chart as a table, folded away under the chart. */
function DataTable(props: {
  t: Messages;
  caption: string;
  head: string[];
  rows: string[][];
  foot?: string[];
  /** Indexes of rows that break down the row above them (shown indented). */
  subRows?: number[];
}) {
  const { t, caption, head, rows, foot } = props;
  return (
    <details class="chart-data">
      <summary class="chart-data__summary" safe>
        {t.stats.showTable}
      </summary>
      <div class="table-scroll">
        <table class="data-table">
          <caption class="visually-hidden" safe>
            {caption}
          </caption>
          <thead>
            <tr>
              {head.map((h, i) => (
                <th scope="col" class={i > 0 ? 'num' : undefined} safe>
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => (
              <tr class={props.subRows?.includes(index) ? 'data-table__sub' : undefined}>
                {row.map((cell, i) =>
                  i === 0 ? (
                    <th scope="row" safe>
                      {cell}
                    </th>
                  ) : (
                    <td class="num" safe>
                      {cell}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
          {foot ? (
            <tfoot>
              <tr>
                {foot.map((cell, i) =>
                  i === 0 ? (
                    <th scope="row" safe>
                      {cell}
                    </th>
                  ) : (
                    <td class="num" safe>
                      {cell}
                    </td>
                  ),
                )}
              </tr>
            </tfoot>
          ) : (
            ''
          )}
        </table>
      </div>
    </details>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: Children }) {
  return (
    <section class="block stats-block" id={id} aria-labelledby={`${id}-heading`}>
      <h2 class="block__heading" id={`${id}-heading`} safe>
        {title}
      </h2>
      {children}
    </section>
  );
}

function StatusSection({ t, lang, stats }: StatsPageProps) {
  const { byStatus, expiringSoon, total } = stats;
  const share = new Intl.NumberFormat(lang === 'ja' ? 'ja-JP' : 'en-GB', { style: 'percent', maximumFractionDigits: 1 });
  const shareOf = (n: number) => share.format(total ? n / total : 0);
  const rows: BarRow[] = LABEL_STATUSES.map((status: LabelStatus) => ({
    label: t.status[status],
    segments:
      status === 'valid'
        ? [
            { value: byStatus.valid - expiringSoon, kind: 'valid' },
            { value: expiringSoon, kind: 'expiring' },
          ]
        : [{ value: byStatus[status], kind: status }],
    text: t.stats.num(byStatus[status]),
  }));
  const name = t.stats.chartName(
    t.stats.statusHeading,
    [...LABEL_STATUSES.map((s) => `${t.status[s]} ${t.stats.count(byStatus[s])}`), `${t.stats.ofWhichSoon(EXPIRING_SOON_DAYS)} ${t.stats.count(expiringSoon)}`].join(t.stats.listSeparator),
  );
  const tableRows = LABEL_STATUSES.flatMap((s) => {
    const row = [t.status[s], t.stats.num(byStatus[s]), shareOf(byStatus[s])];
    return s === 'valid' ? [row, [t.stats.ofWhichSoon(EXPIRING_SOON_DAYS), t.stats.num(expiringSoon), shareOf(expiringSoon)]] : [row];
  });
  return (
    <Section id="stats-status" title={t.stats.statusHeading}>
      <Legend
        items={[
          { kind: 'valid', text: t.stats.validLater(EXPIRING_SOON_DAYS) },
          { kind: 'expiring', text: t.stats.validSoon(EXPIRING_SOON_DAYS) },
        ]}
      />
      <BarChart id="chart-status" name={name} rows={rows} scale={82} />
      <DataTable
        t={t}
        caption={t.stats.statusHeading}
        head={[t.stats.colStatus, t.stats.colLabels, t.stats.colShare]}
        rows={tableRows}
        subRows={[LABEL_STATUSES.indexOf('valid') + 1]}
        foot={[t.stats.totalRow, t.stats.num(total), shareOf(total)]}
      />
    </Section>
  );
}

/** A chart of labels per group with the valid ones in the darker part of each bar. */
function GroupSection(props: { t: Messages; id: string; title: string; column: string; groups: Array<{ label: string; total: number; valid: number }> }) {
  const { t, groups } = props;
  const name = t.stats.chartName(props.title, groups.map((g) => `${g.label} ${t.stats.withValid(g.total, g.valid)}`).join(t.stats.listSeparator));
  return (
    <Section id={props.id} title={props.title}>
      <Legend
        items={[
          { kind: 'valid-part', text: t.stats.validLabels },
          { kind: 'other-part', text: t.stats.otherLabels },
        ]}
      />
      <BarChart
        id={`chart-${props.id}`}
        name={name}
        scale={60}
        rows={groups.map((g) => ({
          label: g.label,
          segments: [
            { value: g.valid, kind: 'valid-part' },
            { value: g.total - g.valid, kind: 'other-part' },
          ],
          text: g.total ? t.stats.withValid(g.total, g.valid) : t.stats.num(0),
        }))}
      />
      <DataTable
        t={t}
        caption={props.title}
        head={[props.column, t.stats.colLabels, t.stats.colValid]}
        rows={groups.map((g) => [g.label, t.stats.num(g.total), t.stats.num(g.valid)])}
        foot={[t.stats.totalRow, t.stats.num(groups.reduce((s, g) => s + g.total, 0)), t.stats.num(groups.reduce((s, g) => s + g.valid, 0))]}
      />
    </Section>
  );
}

function MonthSection({ t, stats }: StatsPageProps) {
  const months = stats.issuedPerMonth;
  const monthName = (value: string) => {
    const [year, month] = value.split('-').map(Number) as [number, number];
    return t.stats.month(year, month);
  };
  const total = months.reduce((sum, m) => sum + m.count, 0);
  const first = months[0]?.month ?? '';
  const last = months.at(-1)?.month ?? '';
  const name = t.stats.chartName(t.stats.monthlyHeading, t.stats.monthlySummary(monthName(first), monthName(last), total));
  return (
    <Section id="stats-monthly" title={t.stats.monthlyHeading}>
      <p class="stats-note" safe>
        {t.stats.monthlyNote(months.length)}
      </p>
      <MonthChart id="chart-monthly" name={name} months={months} t={t} />
      <DataTable
        t={t}
        caption={t.stats.monthlyHeading}
        head={[t.stats.colMonth, t.stats.colIssued]}
        rows={months.map((m) => [monthName(m.month), t.stats.num(m.count)])}
        foot={[t.stats.totalRow, t.stats.num(total)]}
      />
    </Section>
  );
}

export function StatsMain(props: StatsPageProps) {
  const { t, lang, stats } = props;
  return (
    <>
      <div class="intro">
        <h1 class="page-title" safe>
          {t.stats.title}
        </h1>
        <p class="lede" safe>
          {t.stats.lede(formatDate(stats.asOf, lang))}
        </p>
      </div>
      <section class="stat-cards-section" aria-labelledby="stats-summary-heading">
        <h2 id="stats-summary-heading" class="visually-hidden" safe>
          {t.stats.summaryHeading}
        </h2>
        <dl class="stat-cards">
          {[
            { term: t.stats.total, value: stats.total, kind: 'total' },
            { term: t.stats.valid, value: stats.byStatus.valid, kind: 'valid' },
            { term: t.stats.expiringSoon(EXPIRING_SOON_DAYS), value: stats.expiringSoon, kind: 'expiring' },
          ].map((card) => (
            <div class={['stat-card', `stat-card--${card.kind}`]} data-figure={card.kind}>
              <dt class="stat-card__term" safe>
                {card.term}
              </dt>
              <dd class="stat-card__value" safe>
                {t.stats.count(card.value)}
              </dd>
            </div>
          ))}
        </dl>
      </section>
      <div class="stats-grid">
        <StatusSection {...props} />
        <GroupSection
          t={t}
          id="stats-level"
          title={t.stats.levelHeading}
          column={t.stats.colLevel}
          groups={stats.byLevel.map((l) => ({ label: t.level.long(l.level), total: l.total, valid: l.valid }))}
        />
        <GroupSection
          t={t}
          id="stats-category"
          title={t.stats.categoryHeading}
          column={t.stats.colCategory}
          groups={stats.byCategory.map((c) => ({ label: props.categoryName(c.category), total: c.total, valid: c.valid }))}
        />
        <MonthSection {...props} />
      </div>
    </>
  );
}
