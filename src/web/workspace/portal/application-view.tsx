/**
 * One application as its vendor follows it: status, numbers, fee, what is still missing before
 * submission (with links to the step that fixes it), the reviewer's comments, and the actions the
 * state allows (submit or resubmit, withdraw).
 */
import type { ApplicationView } from '../../../app/applications/application-view.ts';
import type { AttachmentView } from '../../../app/attachments/attachment-view.ts';
import type { ProductView } from '../../../app/products/product-view.ts';
import { nextApplicationStatus } from '../../../domain/application-status.ts';
import type { FieldError } from '../../../domain/errors.ts';
import { labelPath } from '../../pages/views/label-page.tsx';
import { CsrfField } from '../shell.tsx';
import { applicationPath, isEditable, pathForProblem } from './application-steps.ts';
import { AttachmentLinks } from './attachments-view.tsx';
import { date, dateTime, Done, Errors, type PortalPage } from './kit.tsx';
import { StepNav } from './step-nav.tsx';

export interface OverviewData {
  app: ApplicationView;
  product: ProductView;
  attachments: AttachmentView[];
  /** What submission would refuse now; null when the application is not editable. */
  problems: FieldError[] | null;
  checklist: { answered: number; total: number };
}

function Fact({ term, children }: { term: string; children: JSX.Element | string }) {
  return (
    <div class="facts__row">
      <dt safe>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Fee({ app, page }: { app: ApplicationView; page: PortalPage }) {
  const { m, view } = page;
  if (app.feeJpy === null) return <span class="muted" safe>{m.app.feePending}</span>;
  if (app.feePaidAt) return <span safe>{`${m.yen(app.feeJpy)} · ${m.app.feePaid(date(app.feePaidAt, view.lang))}`}</span>;
  return <strong safe>{m.app.feeDue(m.yen(app.feeJpy))}</strong>;
}

export function ApplicationMain({ page, data, errors, done }: { page: PortalPage; data: OverviewData; errors: FieldError[]; done?: string | undefined }) {
  const { m, view } = page;
  const { app, product, problems } = data;
  const editable = isEditable(app);
  return (
    <>
      <section class="block">
        <StepNav page={page} app={app} current="overview" title={m.app.title(app.applicationNumber)} />
        <Done text={done} />
        {app.status === 'returned' ? <p class="notice" role="status" safe>{m.app.returnedNotice}</p> : ''}
        <Errors errors={errors} page={page} />
        <dl class="facts">
          <Fact term={m.app.status}><span safe>{m.appStatus[app.status]}</span></Fact>
          <Fact term={m.app.nextStep}><span safe>{m.nextStep[app.status]}</span></Fact>
          <Fact term={m.app.product}><a href={`/portal/products/${encodeURIComponent(product.id)}`} safe>{product.name[view.lang]}</a></Fact>
          <Fact term={m.app.level}><span safe>{`${m.level(app.level)} · ${m.route[app.route] ?? app.route}`}</span></Fact>
          <Fact term={m.app.applicationNumber}><span class="nowrap" safe>{app.applicationNumber}</span></Fact>
          <Fact term={m.app.acceptanceNumber}><span class="nowrap" safe>{app.acceptanceNumber ?? m.notSet}</span></Fact>
          <Fact term={m.app.registrationNumber}>
            {app.registrationNumber ? <a class="nowrap" href={labelPath(app.registrationNumber)} safe>{app.registrationNumber}</a> : <span safe>{m.notSet}</span>}
          </Fact>
          {app.renewsRegistrationNumber ? <Fact term={m.app.renews}><span class="nowrap" safe>{app.renewsRegistrationNumber}</span></Fact> : ''}
          <Fact term={m.app.fee}><Fee app={app} page={page} /></Fact>
          {app.submittedAt ? <Fact term={m.app.submittedAt}><span safe>{date(app.submittedAt, view.lang)}</span></Fact> : ''}
        </dl>
      </section>

      {editable ? (
        <section class="block">
          <h2 class="block__heading" safe>{m.app.steps}</h2>
          <ol class="plain-list">
            <li><a href={applicationPath(app.id, 'model-numbers')} safe>{m.app.stepModels(app.modelNumbers.length)}</a></li>
            <li><a href={applicationPath(app.id, 'checklist')} safe>{m.app.stepChecklist(data.checklist.answered, data.checklist.total)}</a></li>
            {app.route === 'psti' ? <li><a href={applicationPath(app.id, 'psti')} safe>{m.app.stepPsti}</a></li> : ''}
            <li><a href={applicationPath(app.id, 'attachments')} safe>{m.app.stepAttachments(data.attachments.length)}</a></li>
          </ol>
          <h2 class="block__heading" safe>{m.app.completeness}</h2>
          {problems && problems.length ? (
            <>
              <p safe>{m.app.missing(problems.length)}</p>
              <ul class="plain-list completeness">
                {problems.map((p) => <li><a href={pathForProblem(app, p.pointer)} safe>{p.detail}</a></li>)}
              </ul>
            </>
          ) : <p class="completeness--ready" safe>{m.app.ready}</p>}
          <form class="form" method="post" action={applicationPath(app.id, 'submit')}>
            <CsrfField token={view.csrf} />
            <p class="form__hint" safe>{m.app.submitHint}</p>
            <p><button class="button button--primary" type="submit" safe>{app.status === 'returned' ? m.app.resubmit : m.app.submit}</button></p>
          </form>
        </section>
      ) : ''}

      <section class="block">
        <h2 class="block__heading" safe>{m.app.history}</h2>
        {app.events.length ? (
          <ol class="history">
            {[...app.events].reverse().map((e) => (
              <li class={`history__item history__item--${e.type}`}>
                <div class="history__head">
                  <span class="history__event" safe>{m.event[e.type] ?? e.type}</span>{' '}
                  <time class="muted" datetime={e.at} safe>{dateTime(e.at)}</time>
                </div>
                {e.comment ? <p class="history__detail"><span class="history__reason-label" safe>{`${m.app.reviewerComment}: `}</span><span class="prose" safe>{e.comment}</span></p> : ''}
              </li>
            ))}
          </ol>
        ) : <p class="muted" safe>{m.app.noHistory}</p>}
      </section>

      {!editable && data.attachments.length ? (
        <section class="block">
          <h2 class="block__heading" safe>{m.app.attachments}</h2>
          <AttachmentLinks app={app} items={data.attachments} page={page} />
        </section>
      ) : ''}

      {nextApplicationStatus(app.status, 'withdraw') ? (
        <section class="block">
          <h2 class="block__heading" safe>{m.app.withdrawHeading}</h2>
          <form class="form" method="post" action={applicationPath(app.id, 'withdraw')}>
            <CsrfField token={view.csrf} />
            <p class="form__hint" safe>{m.app.withdrawHint}</p>
            <label class="form__field">
              <span safe>{`${m.app.withdrawReason}${m.optional}`}</span>
              <textarea name="reason" rows="2" maxlength="2000"></textarea>
            </label>
            <p><button class="button" type="submit" safe>{m.app.withdraw}</button></p>
          </form>
        </section>
      ) : ''}
    </>
  );
}
