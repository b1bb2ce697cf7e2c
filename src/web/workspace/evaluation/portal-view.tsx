/**
 * The vendor's pages for ★2–★4: the form that opens an application (product, level and, for
 * ★3/★4, the evaluation body), and the application's evaluation page: which criteria (said to be
 * an example when they are), which body, the state of its report, and where to continue.
 */
import type { ApplicationView } from '../../../app/applications/application-view.ts';
import type { EvaluationBodyView } from '../../../app/evaluation/evaluation-bodies.ts';
import type { ProductView } from '../../../app/products/product-view.ts';
import type { CriteriaSummary } from '../../../catalog/criteria-summary.ts';
import type { FieldError } from '../../../domain/errors.ts';
import { CsrfField, ErrorSummary } from '../shell.tsx';
import { CriteriaText, DateTime, Done, ExampleNotice, Facts, type EvaluationPage } from './kit.tsx';

export const portalEvaluationPath = (id: string, step = '') => `/portal/evaluated-applications/${encodeURIComponent(id)}${step ? `/${step}` : ''}`;

export interface NewForm {
  productId: string;
  level: string;
  evaluationBodyId: string;
}

export function NewEvaluatedApplicationMain({ page, products, bodies, inForce, categoryName, form, errors }: {
  page: EvaluationPage;
  products: ProductView[];
  bodies: EvaluationBodyView[];
  /** Criteria in force for new applications, by level. */
  inForce: Array<{ level: number; criteria: CriteriaSummary[] }>;
  categoryName: (id: string) => string;
  form: NewForm;
  errors: FieldError[];
}) {
  const { m, view } = page;
  const t = m.portal;
  const lang = view.lang;
  return (
    <section class="block narrow">
      <h1 class="page-title" safe>{t.newTitle}</h1>
      <p safe>{t.newLede}</p>
      <ErrorSummary errors={errors} shell={view.shell} />
      {products.length ? (
        <form class="form" method="post" action="/portal/evaluated-applications">
          <CsrfField token={view.csrf} />
          <label class="form__field">
            <span safe>{t.product}</span>
            <select name="productId" required>
              {products.map((p) => (
                <option value={p.id} selected={p.id === form.productId} safe>{`${p.name[lang]} (${categoryName(p.category)})`}</option>
              ))}
            </select>
          </label>
          <fieldset class="form__group">
            <legend safe>{t.level}</legend>
            {[2, 3, 4].map((level) => (
              <label class="field--check">
                <input type="radio" name="level" value={String(level)} checked={form.level === String(level)} required />
                <span safe>{`${m.level(level)} ${t.levelHint[level] ?? ''}`}</span>
              </label>
            ))}
          </fieldset>
          <label class="form__field">
            <span safe>{t.body}</span>
            <span class="form__hint" safe>{t.bodyHint}</span>
            <select name="evaluationBodyId">
              <option value="" selected={form.evaluationBodyId === ''} safe>{t.bodyNone}</option>
              {bodies.map((b) => (
                <option value={b.id} selected={b.id === form.evaluationBodyId} safe>
                  {`${b.name[lang]} — ${m.accreditation(b.accreditationNumber)} (${b.scope.map((s) => `${categoryName(s.category)} ★${s.level}`).join(', ')}; ${b.accreditedFrom} – ${b.accreditedUntil})`}
                </option>
              ))}
            </select>
          </label>
          <p><button class="button button--primary" type="submit" safe>{t.create}</button></p>
        </form>
      ) : <p><a href="/portal/products/new" safe>{t.noProducts}</a></p>}
      <h2 class="subheading" safe>{t.inForce}</h2>
      <ul class="plain-list" id="criteria-in-force">
        {inForce.flatMap(({ level, criteria }) => criteria.map((c) => (
          <li>
            <span safe>{`${m.level(level)} ${c.category ? categoryName(c.category) : ''}: `}</span>
            <CriteriaText criteria={c} lang={lang} />
          </li>
        )))}
      </ul>
    </section>
  );
}

export function EvaluatedApplicationMain({ page, app, categoryName, done }: { page: EvaluationPage; app: ApplicationView; categoryName: string; done?: string | undefined }) {
  const { m, view } = page;
  const t = m.portal;
  const f = m.fields;
  const lang = view.lang;
  const ev = app.evaluation;
  const overview = `/portal/applications/${encodeURIComponent(app.id)}`;
  return (
    <section class="block">
      <h1 class="page-title" safe>{t.title(app.applicationNumber, app.level)}</h1>
      <ExampleNotice criteria={app.criteriaDocument} m={m} />
      <Done text={done} />
      <Facts rows={[
        [f.status, <span safe>{m.appStatus[app.status] ?? app.status}</span>],
        [f.level, <span safe>{m.level(app.level)}</span>],
        [f.category, <span safe>{categoryName}</span>],
        [f.criteria, <CriteriaText criteria={app.criteriaDocument} lang={lang} />],
        app.criteriaDocument.assessment ? [f.assessment, <span safe>{m.assessment[app.criteriaDocument.assessment]}</span>] : null,
        ev?.body ? [f.body, <><span safe>{ev.body.name[lang]}</span> <span class="muted mono" safe>{m.accreditation(ev.body.accreditationNumber)}</span></>] : null,
        ev ? [f.report, <span id="report-status" safe>{m.reportStatus[ev.reportStatus]}</span>] : null,
        ev?.signedOffAt ? [f.signedOffAt, <><DateTime value={ev.signedOffAt} lang={lang} /> <a href={portalEvaluationPath(app.id, 'report.pdf')} type="application/pdf" safe>{m.report.file}</a></>] : null,
        app.registrationNumber ? [f.registration, <a class="mono" href={`/labels/${encodeURIComponent(app.registrationNumber)}`} safe>{app.registrationNumber}</a>] : null,
      ]} />
      <h2 class="subheading" safe>{t.nextSteps}</h2>
      <p safe>{t.nextStepsLede}</p>
      <p class="page-links">
        <a class="button button--primary" href={overview} safe>{t.openApplication}</a>
        <a href={`${overview}/checklist`} safe>{t.checklist}</a>
      </p>
    </section>
  );
}
