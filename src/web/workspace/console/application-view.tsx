/**
 * /console/applications/:id: one application for the reviewer. The decision comes first (what the
 * reviewer is here for), then what changed since the previous submission, the facts, the label it
 * renews, the UK PSTI statement, the full checklist and the history with every comment.
 */
import type { ApplicationReview } from '../../../app/console/application-review.ts';
import { formatDate } from '../../pages/format.ts';
import { MESSAGES } from '../../pages/i18n/index.ts';
import { DateText, StatusBadge } from '../../pages/views/components.tsx';
import type { ViewContext } from '../shell.tsx';
import type { AttachmentLink } from './attachments-view.tsx';
import { ChangesBlock, ChecklistBlock } from './checklist-view.tsx';
import { AppStatusBadge, DateTime, DoneNotice, Facts, messagesFor, ModelNumbers } from './console-kit.tsx';
import { DecisionBlock, type DecisionState } from './decision-forms.tsx';

export interface ApplicationViewProps {
  view: ViewContext;
  review: ApplicationReview;
  state: DecisionState;
  done: string | null;
  attachments: Map<string, AttachmentLink[]>;
}

function PstiStatementBlock({ review, m }: { review: ApplicationReview; m: ReturnType<typeof messagesFor> }) {
  const statement = review.application.pstiStatement;
  if (!statement) return '';
  const shown = (value: unknown) => (value === true ? m.psti.yes : value === false ? m.psti.no : value === null || value === undefined ? '—' : String(value));
  const fields = Object.keys(m.psti.fields).filter((f) => f !== 'proxyNote' || statement.isProxy);
  return (
    <section class="block" aria-labelledby="psti-heading">
      <h2 class="block__heading" id="psti-heading" safe>{m.psti.heading}</h2>
      <Facts rows={fields.map((f) => [m.psti.fields[f]!, <span class="break" safe>{shown((statement as unknown as Record<string, unknown>)[f])}</span>])} />
    </section>
  );
}

export function ApplicationMain({ view, review, state, done, attachments }: ApplicationViewProps) {
  const m = messagesFor(view.lang);
  const t = MESSAGES[view.lang];
  const a = m.app;
  const app = review.application;
  const name = (n: { ja: string; en: string }) => n[view.lang] || n.ja;
  const changed = new Set(review.changes.answers.map((c) => c.itemId));
  const fee =
    app.feeJpy !== null ? m.yen(app.feeJpy) : review.feePreviewJpy !== null ? a.feePreview(m.yen(review.feePreviewJpy)) : a.notYet;
  return (
    <>
      <div class="intro">
        <h1 class="page-title" safe>{a.title(app.applicationNumber)}</h1>
        <p class="lede">
          <AppStatusBadge status={app.status} m={m} /> <span data-field="waiting" safe>{a.waitingFor(m.days(review.ageDays))}</span>
        </p>
      </div>
      <DoneNotice text={done} />
      <div class="blocks">
        <DecisionBlock review={review} view={view} m={m} state={state} />
        <ChangesBlock changes={review.changes} lang={view.lang} m={m} />
        <section class="block" aria-labelledby="facts-heading">
          <h2 class="block__heading" id="facts-heading" safe>{a.facts}</h2>
          <Facts
            rows={[
              [a.applicationNumber, <span class="mono nowrap" safe>{app.applicationNumber}</span>],
              [a.acceptanceNumber, app.acceptanceNumber ? <span class="mono nowrap" data-field="acceptance-number" safe>{app.acceptanceNumber}</span> : <span class="muted" safe>{a.notYet}</span>],
              !!app.registrationNumber && [a.registrationNumber, <a class="mono nowrap" href={`/console/labels/${encodeURIComponent(app.registrationNumber)}`} safe>{app.registrationNumber}</a>],
              [a.vendor, <span safe>{name(review.vendor.name)}</span>],
              [a.corporateNumber, <span class="mono" safe>{review.vendor.corporateNumber ?? review.vendor.legalEntityProof ?? '—'}</span>],
              [a.product, <span safe>{name(review.product.name)}</span>],
              [a.levelRoute, <span safe>{`${m.level(app.level)} / ${m.route[app.route] ?? app.route}`}</span>],
              [a.criteria, <span safe>{review.criteriaTitle ? `${review.criteriaTitle[view.lang]} (${app.criteria})` : app.criteria}</span>],
              [a.submittedAt, app.submittedAt ? <DateTime value={review.changes.latestSubmittedAt ?? app.submittedAt} lang={view.lang} /> : <span class="muted" safe>{a.notYet}</span>],
              [a.fee, <span data-field="fee" safe>{fee}</span>],
              [a.feePaid, app.feePaidAt ? <span safe>{a.feePaidOn(formatDate(app.feePaidAt, view.lang), app.paymentReference ?? '')}</span> : <span class="muted" safe>{a.notPaid}</span>],
              [a.supportEndsOn, review.product.supportEndsOn ? <DateText value={review.product.supportEndsOn} lang={view.lang} /> : <span class="muted">—</span>],
              [a.vulnerabilityContact, <span class="break" safe>{review.product.vulnerabilityContact ?? '—'}</span>],
              [a.modelNumbers(app.modelNumbers.length), <ModelNumbers values={app.modelNumbers} />],
            ]}
          />
        </section>
        {review.renews ? (
          <section class="block" aria-labelledby="renews-heading">
            <h2 class="block__heading" id="renews-heading" safe>{a.renewsHeading}</h2>
            <Facts
              rows={[
                [a.registrationNumber, <a class="mono nowrap" href={`/console/labels/${encodeURIComponent(review.renews.registrationNumber)}`} safe>{review.renews.registrationNumber}</a>],
                [a.labelStatus, <StatusBadge status={review.renews.status} t={t} />],
                [a.issued, <DateText value={review.renews.issuedAt} lang={view.lang} />],
                [a.expires, <DateText value={review.renews.expiresAt} lang={view.lang} />],
                [a.modelNumbers(review.renews.modelNumbers.length), <ModelNumbers values={review.renews.modelNumbers} />],
              ]}
            />
          </section>
        ) : ''}
        <PstiStatementBlock review={review} m={m} />
        <ChecklistBlock requirements={review.requirements} changed={changed} attachments={attachments} lang={view.lang} m={m} />
        <section class="block" aria-labelledby="history-heading">
          <h2 class="block__heading" id="history-heading" safe>{a.history}</h2>
          <ol class="history">
            {[...app.events].reverse().map((e) => (
              <li class="history__item">
                <p class="history__head">
                  <span class="history__event" safe>{(m.appStatus as Record<string, string>)[e.type] ?? e.type}</span>
                  <DateTime value={e.at} lang={view.lang} />
                  {e.actorId && review.people[e.actorId] ? <span class="muted" safe>{a.by(review.people[e.actorId]!)}</span> : ''}
                </p>
                {e.comment ? <p class="history__detail prose" safe>{e.comment}</p> : ''}
              </li>
            ))}
          </ol>
          <p>
            <a href={`/console/applications/${app.id}/audit`} safe>{a.audit}</a>
          </p>
        </section>
      </div>
    </>
  );
}

