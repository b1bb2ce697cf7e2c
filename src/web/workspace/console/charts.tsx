/**
 * Server-drawn SVG charts for the dashboard, on the public statistics page's approach
 * (src/web/pages/views/stats-page.tsx): inline SVG without a viewBox (user units are CSS pixels,
 * horizontal positions percentages, so text keeps its size on a phone), role="img" with a name
 * that sums the chart up, styled only by site.css classes (the CSP forbids style attributes), and
 * the same numbers in a table under it. Here bars may be stacked; every part carries its number
 * in `data-value` and a <title>, so the chart can be checked against its table.
 */
import type { Children } from '@kitajs/html';

export interface Series {
  key: string;
  /** A `chart__bar--*` / `chart-legend__swatch--*` modifier from site.css. */
  kind: string;
  label: string;
}

const pct = (value: number) => `${Math.round(value * 100) / 100}%`;
const ROW_HEIGHT = 50;

/** Horizontal stacked bars, one row each: the row's name, then the bar and its total. */
export function StackedRows(props: { id: string; name: string; series: Series[]; rows: Array<{ label: string; values: number[]; text: string }>; scale: number }) {
  const { id, series, rows, scale } = props;
  const max = Math.max(1, ...rows.map((r) => r.values.reduce((a, b) => a + b, 0)));
  return (
    <svg class="chart chart--bars" width="100%" height={String(rows.length * ROW_HEIGHT)} role="img" aria-labelledby={`${id}-title`} focusable="false" data-chart={id}>
      <title id={`${id}-title`} safe>{props.name}</title>
      {rows.map((row, index) => {
        const top = index * ROW_HEIGHT;
        let offset = 0;
        return (
          <g data-row={row.label}>
            <text class="chart__label" x="0" y={String(top + 16)} safe>{row.label}</text>
            <rect class="chart__track" x="0" y={String(top + 24)} width={pct(scale)} height="16" />
            {row.values.map((value, i) => {
              if (value <= 0) return '';
              const x = (offset / max) * scale;
              offset += value;
              const s = series[i]!;
              return (
                <rect class={['chart__bar', `chart__bar--${s.kind}`]} x={pct(x)} y={String(top + 24)} width={pct((value / max) * scale)} height="16" data-series={s.key} data-value={String(value)}>
                  <title safe>{`${row.label}, ${s.label}: ${value}`}</title>
                </rect>
              );
            })}
            <text class="chart__value" x={pct((offset / max) * scale)} dx="8" y={String(top + 37)} safe>{row.text}</text>
          </g>
        );
      })}
    </svg>
  );
}

const PLOT_TOP = 24;
const PLOT_HEIGHT = 150;
const BASELINE = PLOT_TOP + PLOT_HEIGHT;

/** Vertical stacked columns (weeks, months); `minor` ticks are hidden on narrow screens by site.css. */
export function StackedColumns(props: { id: string; name: string; series: Series[]; columns: Array<{ tick: string; minor: boolean; label: string; values: number[] }> }) {
  const { id, series, columns } = props;
  const max = Math.max(1, ...columns.map((c) => c.values.reduce((a, b) => a + b, 0)));
  const slot = 100 / Math.max(1, columns.length);
  return (
    <svg class="chart chart--months" width="100%" height={String(BASELINE + 28)} role="img" aria-labelledby={`${id}-title`} focusable="false" data-chart={id}>
      <title id={`${id}-title`} safe>{props.name}</title>
      {columns.map((column, index) => {
        const total = column.values.reduce((a, b) => a + b, 0);
        const centre = pct((index + 0.5) * slot);
        let stacked = 0;
        return (
          <g data-column={column.label}>
            {column.values.map((value, i) => {
              if (value <= 0) return '';
              const height = (value / max) * PLOT_HEIGHT;
              stacked += height;
              const s = series[i]!;
              return (
                <rect class={['chart__bar', `chart__bar--${s.kind}`]} x={pct((index + 0.2) * slot)} y={String(BASELINE - stacked)} width={pct(slot * 0.6)} height={String(height)} data-series={s.key} data-value={String(value)}>
                  <title safe>{`${column.label}, ${s.label}: ${value}`}</title>
                </rect>
              );
            })}
            {total > 0 ? (
              <text class="chart__value" x={centre} y={String(BASELINE - stacked - 6)} text-anchor="middle" safe>{String(total)}</text>
            ) : ''}
            {column.tick ? (
              <text class={['chart__tick', column.minor && 'chart__tick--minor']} x={centre} y={String(BASELINE + 18)} text-anchor="middle" safe>{column.tick}</text>
            ) : ''}
          </g>
        );
      })}
      <line class="chart__axis" x1="0" x2="100%" y1={String(BASELINE + 0.5)} y2={String(BASELINE + 0.5)} />
    </svg>
  );
}

export function Legend({ series }: { series: Series[] }) {
  return (
    <ul class="chart-legend">
      {series.map((s) => (
        <li class="chart-legend__item">
          <span class={['chart-legend__swatch', `chart-legend__swatch--${s.kind}`]} aria-hidden="true"></span>
          <span safe>{s.label}</span>
        </li>
      ))}
    </ul>
  );
}

/** The chart's numbers as a table, folded away under it. The first column names the row. */
export function NumbersTable(props: { id: string; summary: string; caption: string; head: string[]; rows: string[][]; foot?: string[] }) {
  const cells = (row: string[]): Children[] =>
    row.map((cell, i) => (i === 0 ? <th scope="row" safe>{cell}</th> : <td class="num" safe>{cell}</td>));
  return (
    <details class="chart-data">
      <summary class="chart-data__summary" safe>{props.summary}</summary>
      <div class="table-scroll" tabindex="0" role="region" aria-label={props.caption}>
        <table class="data-table" data-table={props.id}>
          <caption class="visually-hidden" safe>{props.caption}</caption>
          <thead>
            <tr>
              {props.head.map((h, i) => <th scope="col" class={i > 0 ? 'num' : undefined} safe>{h}</th>)}
            </tr>
          </thead>
          <tbody>
            {props.rows.map((row) => <tr>{cells(row)}</tr>)}
          </tbody>
          {props.foot ? (
            <tfoot>
              <tr>{cells(props.foot)}</tr>
            </tfoot>
          ) : ''}
        </table>
      </div>
    </details>
  );
}
