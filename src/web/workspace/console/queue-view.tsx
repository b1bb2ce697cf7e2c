/**
 * The review queue page: tabs for the three waiting stages with their counts, a GET filter form
 * (works without script; the selects keep their values), and the applications oldest-waiting
 * first in a table that scrolls sideways on a phone.
 */
import { QUEUE_TABS, type QueueFilter, type QueueTab, type ReviewQueue } from '../../../app/console/review-queue.ts';
import type { VendorView } from '../../../app/vendors/vendor-view.ts';
import { APPLICATION_ROUTES } from '../../../domain/application-status.ts';
import { DateText } from '../../pages/views/components.tsx';
import type { ViewContext } from '../shell.tsx';
import { AppStatusBadge, messagesFor } from './console-kit.tsx';

export interface QueueViewProps {
  view: ViewContext;
  queue: ReviewQueue;
  filter: QueueFilter;
  vendors: VendorView[];
  levels: number[];
}

/** The queue URL for a filter (empty values left out). */
export function queueHref(filter: QueueFilter): string {
  const params = new URLSearchParams();
  if (filter.tab && filter.tab !== 'review') params.set('tab', filter.tab);
  if (filter.status) params.set('status', filter.status);
  if (filter.level) params.set('level', String(filter.level));
  if (filter.route) params.set('route', filter.route);
  if (filter.vendorId) params.set('vendor', filter.vendorId);
  if (filter.page && filter.page > 1) params.set('page', String(filter.page));
  const query = params.toString();
  return query ? `/console?${query}` : '/console';
}

function Select({ name, label, value, options, any }: { name: string; label: string; value: string | undefined; options: Array<[string, string]>; any: string }) {
  return (
    <label class="form__field">
      <span safe>{label}</span>
      <select name={name}>
        <option value="" safe>{any}</option>
        {options.map(([v, text]) => (
          <option value={v} selected={v === value} safe>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}

export function QueueMain({ view, queue, filter, vendors, levels }: QueueViewProps) {
  const m = messagesFor(view.lang);
  const q = m.queue;
  const name = (n: { ja: string; en: string }) => n[view.lang] || n.ja;
  const tabs = Object.keys(QUEUE_TABS) as QueueTab[];
  const from = (queue.page - 1) * queue.pageSize + 1;
  const to = from + queue.items.length - 1;
  const statuses = QUEUE_TABS[queue.tab] as readonly string[];
  return (
    <>
      <div class="intro">
        <h1 class="page-title" safe>{q.title}</h1>
        <p class="lede" safe>{q.lede}</p>
      </div>
      <nav class="console-tabs" aria-label={q.tabsLabel}>
        {tabs.map((tab) => (
          <a class="console-tabs__tab" href={queueHref({ ...filter, tab, status: undefined, page: undefined })} aria-current={tab === queue.tab ? 'page' : undefined}>
            <span safe>{q.tabs[tab]}</span> <span class="count" safe>{`(${m.num(queue.tabCounts[tab])})`}</span>
          </a>
        ))}
      </nav>
      <details class="console-filter-box" open={!!(filter.status || filter.level || filter.route || filter.vendorId)}>
      <summary safe>{q.filters}</summary>
      <form class="form console-filters" method="get" action="/console">
        {queue.tab !== 'review' ? <input type="hidden" name="tab" value={queue.tab} /> : ''}
        {statuses.length > 1 ? (
          <Select name="status" label={q.status} value={filter.status} any={q.anyStatus} options={statuses.map((s) => [s, (m.appStatus as Record<string, string>)[s]!])} />
        ) : ''}
        <Select name="level" label={q.level} value={filter.level ? String(filter.level) : undefined} any={q.anyLevel} options={levels.map((l) => [String(l), m.level(l)])} />
        <Select name="route" label={q.route} value={filter.route} any={q.anyRoute} options={APPLICATION_ROUTES.map((r) => [r, m.route[r] ?? r])} />
        <Select name="vendor" label={q.vendor} value={filter.vendorId} any={q.anyVendor} options={vendors.map((v) => [v.id, name(v.name)])} />
        <div class="console-filters__actions">
          <button class="button button--primary" type="submit" safe>{q.apply}</button>
          <a href={queueHref({ tab: queue.tab })} safe>{q.reset}</a>
        </div>
      </form>
      </details>
      {queue.items.length === 0 ? (
        <p class="empty" safe>{q.empty}</p>
      ) : (
        <>
          <p class="muted" safe>{q.range(from, to, queue.total)}</p>
          <div class="table-scroll" tabindex="0" role="region" aria-label={q.caption(q.tabs[queue.tab], queue.total)}>
            <table class="data-table console-queue console-cards">
              <caption class="visually-hidden" safe>{q.caption(q.tabs[queue.tab], queue.total)}</caption>
              <thead>
                <tr>
                  <th scope="col" safe>{q.colApplication}</th>
                  <th scope="col" safe>{q.colVendor}</th>
                  <th scope="col" safe>{q.colProduct}</th>
                  <th scope="col" class="nowrap" safe>{q.colLevel}</th>
                  <th scope="col" class="nowrap" safe>{q.colRoute}</th>
                  <th scope="col" safe>{q.colStatus}</th>
                  <th scope="col" safe>{q.colSubmitted}</th>
                  <th scope="col" class="num" safe>{q.colAge}</th>
                </tr>
              </thead>
              <tbody>
                {queue.items.map((item) => (
                  <tr data-application={item.id}>
                    <th scope="row">
                      <a class="nowrap" href={`/console/applications/${item.id}`} safe>{item.applicationNumber}</a>
                    </th>
                    <td data-label={q.colVendor} safe>{name(item.vendor.name)}</td>
                    <td data-label={q.colProduct} safe>{name(item.product.name)}</td>
                    <td class="nowrap" data-label={q.colLevel} safe>{m.level(item.level)}</td>
                    <td class="nowrap" data-label={q.colRoute} safe>{m.route[item.route] ?? item.route}</td>
                    <td data-label={q.colStatus}><AppStatusBadge status={item.status} m={m} /></td>
                    <td class="nowrap" data-label={q.colSubmitted}>{item.submittedAt ? <DateText value={item.submittedAt} lang={view.lang} /> : ''}</td>
                    <td class="num" data-label={q.colAge} data-age-days={String(item.ageDays)} safe>{m.days(item.ageDays)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav class="pager" aria-label={q.range(from, to, queue.total)}>
            {queue.page > 1 ? <a class="pager__link" href={queueHref({ ...filter, tab: queue.tab, page: queue.page - 1 })} rel="prev" safe>{q.previous}</a> : ''}
            {to < queue.total ? <a class="pager__link pager__link--next" href={queueHref({ ...filter, tab: queue.tab, page: queue.page + 1 })} rel="next" safe>{q.next}</a> : ''}
          </nav>
        </>
      )}
    </>
  );
}
