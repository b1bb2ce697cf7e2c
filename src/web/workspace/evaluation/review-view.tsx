/**
 * The operator's review of third-party evaluations: the list of ★3/★4 applications with the state
 * of their reports, and one application with the signed-off report (verdicts, ICS, IXIT, PDF) and
 * the decisions the state machine allows now: accept on a signed-off report, return, record the
 * payment, issue the label.
 */
import type { Children } from '@kitajs/html';
import type { ApplicationView } from '../../../app/applications/application-view.ts';
import type { EvaluationView } from '../../../app/evaluation/evaluation-view.ts';
import type { ReviewSummary } from '../../../app/evaluation/get-evaluation.ts';
import type { FieldError } from '../../../domain/errors.ts';
import { CsrfField, ErrorSummary } from '../shell.tsx';
import { DateTime, Done, ExampleNotice, type EvaluationPage } from './kit.tsx';
import { ApplicationFacts, ChecklistBlock, ReportFacts, VerdictTable } from './report-view.tsx';

export const reviewPath = (id: string, step = '') => `/console/evaluations/${encodeURIComponent(id)}${step ? `/${step}` : ''}`;

export type ReviewAction = 'accept' | 'return' | 'payment' | 'issue';

export function ReviewListMain({ page, items }: { page: EvaluationPage; items: ReviewSummary[] }) {
  const { m, view } = page;
  const lang = view.lang;
  const f = m.fields;
  return (
    <section class="block">
      <h1 class="page-title" safe>{m.console.listTitle}</h1>
      <p class="lede" safe>{m.console.listLede}</p>
      {items.length ? (
        <div class="table-scroll">
          <table class="data-table console-cards" id="evaluations">
            <thead>
              <tr>
                <th scope="col" safe>{f.applicationNumber}</th>
                <th scope="col" safe>{f.product}</th>
                <th scope="col" safe>{f.body}</th>
                <th scope="col" safe>{f.status}</th>
                <th scope="col" safe>{f.report}</th>
                <th scope="col" safe>{m.list.updated}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((a) => (
                <tr data-application={a.id}>
                  <th scope="row"><a class="mono" href={reviewPath(a.id)} safe>{a.applicationNumber}</a></th>
                  <td data-label={f.product}>
                    <span safe>{`${m.level(a.level)} ${a.productName[lang]}`}</span>
                    <br />
                    <span class="muted" safe>{a.vendorName[lang]}</span>
                    {a.criteria.example ? <><br /><span class="chip" safe>{m.example.short}</span></> : ''}
                  </td>
                  <td data-label={f.body} safe>{a.evaluationBody?.name[lang] ?? '—'}</td>
                  <td data-label={f.status} safe>{m.appStatus[a.status] ?? a.status}</td>
                  <td data-label={f.report} safe>{m.reportStatus[a.reportStatus] ?? a.reportStatus}</td>
                  <td data-label={m.list.updated}><DateTime value={a.updatedAt} lang={lang} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : <p class="empty" safe>{m.console.empty}</p>}
    </section>
  );
}

function Decision({ id, action, heading, page, button, children }: { id: string; action: ReviewAction; heading: string; page: EvaluationPage; button: string; children?: Children }) {
  return (
    <section class="block" aria-labelledby={`decision-${action}`}>
      <h3 class="subheading" id={`decision-${action}`} safe>{heading}</h3>
      <form class="form" method="post" action={reviewPath(id, action)}>
        <CsrfField token={page.view.csrf} />
        {children ?? ''}
        <p><button class="button button--primary" type="submit" safe>{button}</button></p>
      </form>
    </section>
  );
}

export function ReviewMain({ page, ev, app, actions, isWaiting, categoryName, errors, values, done }: {
  page: EvaluationPage;
  ev: EvaluationView;
  app: ApplicationView;
  /** The decisions allowed now (from the state machine and the report). */
  actions: ReviewAction[];
  /** Accept would be allowed by the state, but the report is not signed off. */
  isWaiting: boolean;
  categoryName: string;
  errors: FieldError[];
  values: Record<string, string>;
  done?: string | undefined;
}) {
  const { m, view } = page;
  const c = m.console;
  const lang = view.lang;
  const id = app.id;
  return (
    <>
      <h1 class="page-title" safe>{c.title(app.applicationNumber)}</h1>
      <ExampleNotice criteria={app.criteriaDocument} m={m} />
      <Done text={done} />
      <section class="block" aria-label={m.fields.applicationNumber}>
        <ApplicationFacts ev={ev} m={m} lang={lang} categoryName={categoryName} />
        <p><a href={`/console/applications/${encodeURIComponent(id)}`} safe>{c.fullPage}</a></p>
      </section>
      <section class="block" id="report" aria-labelledby="report-heading">
        <h2 class="block__heading" id="report-heading" safe>{m.fields.report}</h2>
        <ReportFacts ev={ev} m={m} lang={lang} pdfHref={reviewPath(id, 'report.pdf')} />
        <VerdictTable ev={ev} m={m} lang={lang} />
      </section>
      <ChecklistBlock ev={ev} m={m} />
      <section class="block" id="decision" aria-labelledby="decision-heading">
        <h2 class="block__heading" id="decision-heading" safe>{c.decisions}</h2>
        <ErrorSummary errors={errors} shell={view.shell} />
        {app.registrationNumber ? (
          <p>
            <span safe>{c.issued(app.registrationNumber)}</span>{' '}
            <a href={`/labels/${encodeURIComponent(app.registrationNumber)}`} safe>{c.openLabel}</a>
          </p>
        ) : ''}
        {isWaiting ? <p class="notice" safe>{c.waiting}</p> : ''}
        {actions.includes('accept') ? (
          <Decision id={id} action="accept" heading={c.accept} page={page} button={c.accept}>
            <p safe>{c.acceptHint}</p>
          </Decision>
        ) : ''}
        {actions.includes('payment') ? (
          <Decision id={id} action="payment" heading={c.payment} page={page} button={c.paymentButton}>
            <label class="form__field">
              <span safe>{c.reference}</span>
              <input type="text" name="reference" value={values.reference ?? ''} required maxlength="200" autocomplete="off" />
            </label>
          </Decision>
        ) : ''}
        {actions.includes('issue') ? (
          <Decision id={id} action="issue" heading={c.issue} page={page} button={c.issueButton}>
            <p safe>{c.issueHint}</p>
          </Decision>
        ) : ''}
        {actions.includes('return') ? (
          <Decision id={id} action="return" heading={c.returnHeading} page={page} button={c.returnButton}>
            <label class="form__field">
              <span safe>{c.returnComment}</span>
              <textarea name="comment" rows="4" maxlength="4000" required safe>{values.comment ?? ''}</textarea>
            </label>
          </Decision>
        ) : ''}
      </section>
    </>
  );
}
