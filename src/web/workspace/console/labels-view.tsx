/**
 * /console/labels (the list with filters, and the PSTI listing requests awaiting a decision) and
 * /console/labels/:registrationNumber (one label: facts, status actions with a public reason,
 * the UK PSTI listing decision, history).
 */
import type { LabelReview, PendingPstiListing } from '../../../app/console/label-review.ts';
import { LABEL_SORTS, type ListLabelsFilter, type PublicLabelSummary } from '../../../app/labels/list-public-labels.ts';
import type { VendorView } from '../../../app/vendors/vendor-view.ts';
import type { FieldError } from '../../../domain/errors.ts';
import { LABEL_STATUSES } from '../../../domain/label-status.ts';
import { MESSAGES } from '../../pages/i18n/index.ts';
import { DateText, StatusBadge } from '../../pages/views/components.tsx';
import { CsrfField, ErrorSummary, type ViewContext } from '../shell.tsx';
import { AppStatusBadge, DateTime, DoneNotice, Facts, messagesFor, ModelNumbers } from './console-kit.tsx';

export interface LabelsListProps {
  view: ViewContext;
  filter: ListLabelsFilter;
  items: PublicLabelSummary[];
  total: number;
  isTotalLowerBound: boolean;
  nextHref: string | null;
  vendors: VendorView[];
  levels: number[];
  pending: PendingPstiListing[];
}

const labelHref = (rn: string) => `/console/labels/${encodeURIComponent(rn)}`;

function Select({ name, label, value, options, any }: { name: string; label: string; value: string | undefined; options: Array<[string, string]>; any?: string }) {
  return (
    <label class="form__field">
      <span safe>{label}</span>
      <select name={name}>
        {any !== undefined ? <option value="" safe>{any}</option> : ''}
        {options.map(([v, text]) => (
          <option value={v} selected={v === value} safe>{text}</option>
        ))}
      </select>
    </label>
  );
}

export function LabelsMain({ view, filter, items, total, isTotalLowerBound, nextHref, vendors, levels, pending }: LabelsListProps) {
  const m = messagesFor(view.lang);
  const t = MESSAGES[view.lang];
  const l = m.labels;
  const name = (n: { ja: string; en: string }) => n[view.lang] || n.ja;
  return (
    <>
      <div class="intro">
        <h1 class="page-title" safe>{l.title}</h1>
        <p class="lede" safe>{l.lede}</p>
      </div>
      {pending.length ? (
        <section class="block console-pending" aria-labelledby="pending-heading">
          <h2 class="block__heading" id="pending-heading" safe>{`${m.psti.pending} (${m.num(pending.length)})`}</h2>
          <ul class="plain-list">
            {pending.map((p) => (
              <li>
                <a class="mono nowrap" href={`${labelHref(p.registrationNumber)}#psti`} safe>{p.registrationNumber}</a>{' '}
                <span safe>{`${p.productNameEn} / ${name(p.vendorName)}`}</span>{' '}
                <DateText value={p.requestedAt} lang={view.lang} />
              </li>
            ))}
          </ul>
        </section>
      ) : ''}
      <form class="form console-filters" method="get" action="/console/labels">
        <label class="form__field console-filters__wide">
          <span safe>{l.q}</span>
          <input type="search" name="q" value={filter.q ?? ''} maxlength="200" />
        </label>
        <Select name="status" label={l.status} value={filter.status} any={l.anyStatus} options={LABEL_STATUSES.map((s) => [s, t.status[s]])} />
        <Select name="level" label={m.queue.level} value={filter.level ? String(filter.level) : undefined} any={m.queue.anyLevel} options={levels.map((n) => [String(n), m.level(n)])} />
        <Select name="vendor" label={m.queue.vendor} value={filter.vendorId} any={m.queue.anyVendor} options={vendors.map((v) => [v.id, name(v.name)])} />
        <Select name="sort" label={l.sort} value={filter.sort ?? 'newest'} options={LABEL_SORTS.map((s) => [s, l.sorts[s] ?? s])} />
        <div class="console-filters__actions">
          <button class="button button--primary" type="submit" safe>{m.queue.apply}</button>
          <a href="/console/labels" safe>{m.queue.reset}</a>
        </div>
      </form>
      {items.length === 0 ? (
        <p class="empty" safe>{l.empty}</p>
      ) : (
        <>
          <div class="table-scroll" tabindex="0" role="region" aria-label={l.caption(total, isTotalLowerBound)}>
            <table class="data-table console-cards">
              <caption class="visually-hidden" safe>{l.caption(total, isTotalLowerBound)}</caption>
              <thead>
                <tr>
                  <th scope="col" safe>{l.colRn}</th>
                  <th scope="col" safe>{l.colProduct}</th>
                  <th scope="col" safe>{l.colVendor}</th>
                  <th scope="col" safe>{l.colLevel}</th>
                  <th scope="col" safe>{l.colStatus}</th>
                  <th scope="col" safe>{l.colIssued}</th>
                  <th scope="col" safe>{l.colExpires}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((item) => (
                  <tr>
                    <th scope="row"><a class="mono nowrap" href={labelHref(item.registrationNumber)} safe>{item.registrationNumber}</a></th>
                    <td data-label={l.colProduct} safe>{name(item.product.name)}</td>
                    <td data-label={l.colVendor} safe>{name(item.vendor.name)}</td>
                    <td class="nowrap" data-label={l.colLevel} safe>{m.level(item.level)}</td>
                    <td data-label={l.colStatus}><StatusBadge status={item.status} t={t} /></td>
                    <td class="nowrap" data-label={l.colIssued}><DateText value={item.issuedAt} lang={view.lang} /></td>
                    <td class="nowrap" data-label={l.colExpires}><DateText value={item.expiresAt} lang={view.lang} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p class="muted" safe>{l.caption(total, isTotalLowerBound)}</p>
          {nextHref ? (
            <nav class="pager">
              <a class="pager__link pager__link--next" href={nextHref} rel="next" safe>{l.more}</a>
            </nav>
          ) : ''}
        </>
      )}
    </>
  );
}

export interface LabelViewProps {
  view: ViewContext;
  label: LabelReview;
  done: string | null;
  errors: FieldError[];
  /** The form that was refused and what was typed in it. */
  failed: { form: string; reason: string } | null;
}

function ReasonForm({ action, path, heading, hint, button, view, danger, folded, failed, reasonLabel }: {
  action: string; path: string; heading: string; hint: string; button: string; view: ViewContext; danger?: boolean; folded?: boolean; failed: LabelViewProps['failed']; reasonLabel: string;
}) {
  const typed: string = failed?.form === action ? failed.reason : '';
  const body = (
    <>
      {hint ? <p safe>{hint}</p> : ''}
      <form class="form" method="post" action={path}>
        <CsrfField token={view.csrf} />
        <label class="form__field">
          <span safe>{reasonLabel}</span>
          <textarea name="reason" rows="3" maxlength="2000" required safe>{typed}</textarea>
        </label>
        <div>
          <button class={['button', danger ? 'console-danger' : 'button--primary']} type="submit" safe>{button}</button>
        </div>
      </form>
    </>
  );
  // Final actions are folded away (open again after a refused attempt).
  if (folded) {
    return (
      <details class="console-decision" open={failed?.form === action}>
        <summary class="subheading" safe>{heading}</summary>
        {body}
      </details>
    );
  }
  return (
    <section class="console-decision" aria-labelledby={`action-${action}`}>
      <h3 class="subheading" id={`action-${action}`} safe>{heading}</h3>
      {body}
    </section>
  );
}

export function LabelMain({ view, label, done, errors, failed }: LabelViewProps) {
  const m = messagesFor(view.lang);
  const t = MESSAGES[view.lang];
  const l = m.labels;
  const name = (n: { ja: string; en: string }) => n[view.lang] || n.ja;
  const base = `/console/labels/${encodeURIComponent(label.registrationNumber)}`;
  const listing = label.pstiListing;
  // A refusal is shown in the block of the form that was refused.
  const pstiFailed = !!failed?.form.startsWith('psti');
  return (
    <>
      <div class="intro">
        <h1 class="page-title" safe>{l.title1(label.registrationNumber)}</h1>
        <p class="lede">
          <StatusBadge status={label.status} t={t} /> <a href={`/labels/${encodeURIComponent(label.registrationNumber)}`} safe>{m.app.publicPage}</a>
        </p>
      </div>
      <DoneNotice text={done} />
      <div class="blocks">
        <section class="block" id="actions" aria-labelledby="actions-heading">
          <h2 class="block__heading" id="actions-heading" safe>{l.actions}</h2>
          <ErrorSummary errors={pstiFailed ? [] : errors} shell={view.shell} />
          {label.actions.length ? label.actions.map((action) => (
            <ReasonForm
              action={action}
              path={`${base}/${action}`}
              heading={l.actionHeading[action]!}
              hint={l.actionHint[action]!}
              button={l.actionHeading[action]!}
              view={view}
              danger={action !== 'reinstate'}
              folded={action === 'revoke'}
              failed={failed}
              reasonLabel={l.reasonField}
            />
          )) : <p safe>{l.noActions}</p>}
        </section>
        <section class="block" aria-labelledby="label-facts">
          <h2 class="block__heading" id="label-facts" safe>{l.facts}</h2>
          <Facts
            rows={[
              [m.app.registrationNumber, <span class="mono nowrap" safe>{label.registrationNumber}</span>],
              [m.app.vendor, <span safe>{name(label.vendor.name)}</span>],
              [m.app.product, <span safe>{name(label.product.name)}</span>],
              [l.colLevel, <span safe>{m.level(label.level)}</span>],
              [m.app.issued, <DateText value={label.issuedAt} lang={view.lang} />],
              [m.app.expires, <DateText value={label.expiresAt} lang={view.lang} />],
              [l.modelNumbers(label.modelNumbers.length), <ModelNumbers values={label.modelNumbers} />],
            ]}
          />
          <h3 class="subheading" safe>{l.applications}</h3>
          <ul class="plain-list">
            {label.applications.map((a) => (
              <li>
                <a class="mono nowrap" href={`/console/applications/${a.id}`} safe>{a.applicationNumber}</a>{' '}
                <span safe>{m.route[a.route] ?? a.route}</span> <AppStatusBadge status={a.status} m={m} />
              </li>
            ))}
          </ul>
        </section>
        {listing ? (
          <section class="block" id="psti" aria-labelledby="psti-heading">
            <h2 class="block__heading" id="psti-heading" safe>{m.psti.listing}</h2>
            <ErrorSummary errors={pstiFailed ? errors : []} shell={view.shell} />
            <Facts
              rows={[
                [l.colStatus, <strong data-field="psti-status" safe>{m.psti.listingStatus[listing.status] ?? listing.status}</strong>],
                [m.psti.productNameEn, <span lang="en" safe>{listing.productNameEn}</span>],
                [m.psti.descriptionEn, <span class="prose" lang="en" safe>{listing.descriptionEn}</span>],
                [m.psti.requestedAt, <DateTime value={listing.requestedAt} lang={view.lang} />],
                !!listing.reason && [l.reason, <span class="prose" safe>{listing.reason}</span>],
              ]}
            />
            {listing.status === 'requested' ? (
              <>
                <form class="form console-decision" method="post" action={`${base}/psti-listing/approve`}>
                  <CsrfField token={view.csrf} />
                  <div>
                    <button class="button button--primary" type="submit" safe>{m.psti.approve}</button>
                  </div>
                </form>
                <ReasonForm action="psti-reject" path={`${base}/psti-listing/reject`} heading={m.psti.reject} hint="" button={m.psti.reject} view={view} danger folded failed={failed} reasonLabel={m.psti.rejectReason} />
              </>
            ) : ''}
          </section>
        ) : ''}
        <section class="block" aria-labelledby="label-history">
          <h2 class="block__heading" id="label-history" safe>{l.history}</h2>
          <ol class="history">
            {label.history.map((e) => (
              <li class={['history__item', `history__item--${e.type}`]}>
                <p class="history__head">
                  <span class="history__event" safe>{t.events[e.type] ?? e.type}</span>
                  <DateTime value={e.at} lang={view.lang} />
                  {e.actor ? <span class="muted" safe>{m.app.by(e.actor)}</span> : ''}
                </p>
                {e.reason ? <p class="history__detail prose" safe>{e.reason}</p> : ''}
              </li>
            ))}
          </ol>
          <p>
            <a href={`${base}/audit`} safe>{l.audit}</a>
          </p>
        </section>
      </div>
    </>
  );
}
