/** The model-numbers step: a text area (one per line) and a CSV import with a per-row report. */
import type { ApplicationView } from '../../../app/applications/application-view.ts';
import type { FieldError } from '../../../domain/errors.ts';
import { CsrfField } from '../shell.tsx';
import { applicationPath, isEditable } from './application-steps.ts';
import { Done, Errors, type PortalPage } from './kit.tsx';
import { StepNav } from './step-nav.tsx';

/** Rows shown in the report; the rest are counted. */
const REPORT_ROWS = 1000;

function RowReport({ page, errors }: { page: PortalPage; errors: FieldError[] }) {
  const t = page.m.models;
  const rows = errors.map((e) => ({ row: /^\/rows\/(\d+)$/.exec(e.pointer)?.[1], detail: e.detail.replace(/^row \d+: /, '') }));
  return (
    <div class="notice" role="alert" id="error-summary" tabindex="-1">
      <h2 class="notice__heading" safe>{t.report(errors.length)}</h2>
      <div class="table-scroll">
        <table class="data-table">
          <caption class="visually-hidden" safe>{t.reportCaption}</caption>
          <thead><tr><th scope="col" safe>{t.colRow}</th><th scope="col" safe>{t.colReason}</th></tr></thead>
          <tbody>
            {rows.slice(0, REPORT_ROWS).map((r) => (
              <tr><th scope="row" class="num" safe>{r.row ?? '–'}</th><td safe>{r.detail}</td></tr>
            ))}
          </tbody>
        </table>
      </div>
      {rows.length > REPORT_ROWS ? <p safe>{page.m.moreErrors(rows.length - REPORT_ROWS)}</p> : ''}
    </div>
  );
}

export function ModelNumbersMain({ page, app, text, errors, csvErrors, done }: {
  page: PortalPage;
  app: ApplicationView;
  /** What the text area shows (the stored list, or what was submitted with errors). */
  text: string;
  errors: FieldError[];
  /** Problems of an imported CSV file, by row. */
  csvErrors: FieldError[];
  done?: string | undefined;
}) {
  const { m, view } = page;
  const t = m.models;
  const editable = isEditable(app);
  return (
    <section class="block">
      <StepNav page={page} app={app} current="model-numbers" title={t.title} />
      <p safe>{t.lede}</p>
      <Done text={done} />
      {csvErrors.length ? <RowReport page={page} errors={csvErrors} /> : <Errors errors={errors} page={page} />}
      {editable ? (
        <>
          <h2 class="block__heading" safe>{t.csvHeading}</h2>
          <form class="form" method="post" action={applicationPath(app.id, 'model-numbers/csv')} enctype="multipart/form-data">
            <CsrfField token={view.csrf} />
            <p class="form__hint" safe>{t.csvHint}</p>
            <label class="form__field">
              <span safe>{t.csvFile}</span>
              <input type="file" name="csv" required accept=".csv,text/csv" />
            </label>
            <p><button class="button button--primary" type="submit" safe>{t.csvImport}</button></p>
          </form>
          <h2 class="block__heading" safe>{t.formHeading}</h2>
          <form class="form" method="post" action={applicationPath(app.id, 'model-numbers')}>
            <CsrfField token={view.csrf} />
            <label class="form__field">
              <span safe>{t.field}</span>
              <span class="form__hint" safe>{`${t.count(app.modelNumbers.length)} · ${m.products.modelNumbersHint}`}</span>
              <textarea name="modelNumbers" rows="12" class="mono" spellcheck="false" safe>{text}</textarea>
            </label>
            <p class="form__actions">
              <button class="button" type="submit" name="then" value="stay" safe>{m.saveDraft}</button>{' '}
              <button class="button button--primary" type="submit" name="then" value="next" safe>{m.saveContinue}</button>
            </p>
          </form>
        </>
      ) : (
        <ul class="models">{app.modelNumbers.map((n) => <li class="models__item" safe>{n}</li>)}</ul>
      )}
    </section>
  );
}
