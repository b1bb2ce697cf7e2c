/**
 * Vendor-wide security information: the security.txt (pasted, checked, with every finding by line)
 * and CSAF advisories (uploaded, with the import report or every failed test).
 */
import type { AdvisoryListItem, ImportReport } from '../../../app/advisories/advisory-view.ts';
import type { SecurityTxtView } from '../../../app/security-info/vendor-security-txt.ts';
import type { SecurityTxtIssue } from '../../../domain/security-txt.ts';
import type { FieldError } from '../../../domain/errors.ts';
import { SECURITY_TXT_MAX_BYTES } from '../../../domain/security-txt.ts';
import { CsrfField } from '../shell.tsx';
import { date, Done, Errors, TextArea, type PortalPage } from './kit.tsx';

function Issues({ page, issues }: { page: PortalPage; issues: SecurityTxtIssue[] }) {
  if (!issues.length) return '';
  return (
    <ul class="plain-list">
      {issues.map((i) => (
        <li class={`issue issue--${i.severity}`}>
          <strong safe>{i.line ? page.m.securityTxt.line(i.line) : i.field ?? ''}</strong> <span safe>{`${i.severity}: ${i.message}`}</span>
        </li>
      ))}
    </ul>
  );
}

export function SecurityTxtMain({ page, current, text, issues, errors, done }: {
  page: PortalPage;
  current: SecurityTxtView | null;
  text: string;
  /** Findings of the text just submitted (refused), or null. */
  issues: SecurityTxtIssue[] | null;
  errors: FieldError[];
  done?: string | undefined;
}) {
  const { m, view } = page;
  const t = m.securityTxt;
  return (
    <section class="block">
      <p class="muted"><a href="/portal/labels" safe>{m.labels.title}</a></p>
      <h1 class="page-title" safe>{t.title}</h1>
      <p safe>{t.lede}</p>
      <Done text={done} />
      <Errors errors={issues ? [] : errors} page={page} />
      {issues ? (
        <div class="notice" role="alert" id="error-summary" tabindex="-1">
          <h2 class="notice__heading" safe>{t.issues}</h2>
          <Issues page={page} issues={issues} />
        </div>
      ) : ''}
      <h2 class="block__heading" safe>{t.current}</h2>
      {current ? (
        <>
          <p class="muted" safe>{t.updated(date(current.updatedAt, view.lang))}</p>
          {current.report.expired ? <p class="notice" safe>{t.expired}</p> : ''}
          <pre class="mono break" safe>{current.raw}</pre>
          <Issues page={page} issues={current.report.issues} />
        </>
      ) : <p class="muted" safe>{t.none}</p>}
      <form class="form" method="post" action="/portal/security-txt">
        <CsrfField token={view.csrf} />
        <TextArea name="text" label={t.field} value={text} rows={10} required maxlength={SECURITY_TXT_MAX_BYTES} />
        <p><button class="button button--primary" type="submit" safe>{t.save}</button></p>
      </form>
    </section>
  );
}

export function AdvisoriesMain({ page, items, report, failed, errors }: {
  page: PortalPage;
  items: AdvisoryListItem[];
  report: ImportReport | null;
  /** A refused document: every failed test. */
  failed: { tests: string[]; errorCount: number; errors: FieldError[] } | null;
  errors: FieldError[];
}) {
  const { m, view } = page;
  const t = m.advisories;
  return (
    <section class="block">
      <p class="muted"><a href="/portal/labels" safe>{m.labels.title}</a></p>
      <h1 class="page-title" safe>{t.title}</h1>
      <p safe>{t.lede}</p>
      {failed ? (
        <div class="notice" role="alert" id="error-summary" tabindex="-1">
          <h2 class="notice__heading" safe>{t.failedHeading}</h2>
          <p safe>{t.failed(failed.tests.length, failed.errorCount)}</p>
          <ul class="notice__list">{failed.tests.map((name) => <li class="mono" safe>{name}</li>)}</ul>
          <div class="table-scroll">
            <table class="data-table">
              <caption class="visually-hidden" safe>{t.failedHeading}</caption>
              <tbody>
                {failed.errors.map((e) => <tr><th scope="row" class="mono break" safe>{e.pointer}</th><td safe>{e.detail}</td></tr>)}
              </tbody>
            </table>
          </div>
        </div>
      ) : <Errors errors={errors} page={page} />}
      {report ? (
        <div class="notice notice--done" role="status">
          <h2 class="notice__heading" safe>{t.reportHeading}</h2>
          <p safe>{`${t.imported(report.advisory.trackingId, report.advisory.revision)}${report.previousRevision ? ` ${t.replaced(report.previousRevision)}` : ''}`}</p>
          <h3 class="subheading" safe>{t.matched}</h3>
          <ul class="plain-list">{report.matched.map((p) => <li><span safe>{p.name}</span> <span class="muted" safe>{`(${p.csafProductId}, ${p.matchedBy})`}</span></li>)}</ul>
          {report.unmatched.length ? (
            <>
              <h3 class="subheading" safe>{t.unmatched}</h3>
              <ul class="plain-list">{report.unmatched.map((p) => <li><span safe>{p.name}</span> <span class="muted" safe>{`(${p.csafProductId})`}</span></li>)}</ul>
            </>
          ) : ''}
          <h3 class="subheading" safe>{t.findings}</h3>
          <ul class="chips">{Object.entries(report.findings).map(([status, n]) => <li class="chip" safe>{`${status}: ${n}`}</li>)}</ul>
        </div>
      ) : ''}
      <form class="form" method="post" action="/portal/advisories" enctype="multipart/form-data">
        <CsrfField token={view.csrf} />
        <label class="form__field">
          <span safe>{t.file}</span>
          <input type="file" name="document" required accept=".json,application/json" />
        </label>
        <p><button class="button button--primary" type="submit" safe>{t.upload}</button></p>
      </form>
      <h2 class="block__heading" safe>{t.listHeading}</h2>
      {items.length ? (
        <ul class="entries" aria-label={t.listHeading}>
          {items.map((a) => (
            <li class="entry">
              <p class="entry__title"><span class="mono break" safe>{a.trackingId}</span> <span safe>{a.title}</span></p>
              <p class="entry__meta muted" safe>{`${t.colRevision} ${a.revision} · ${t.colReleased} ${date(a.currentReleaseDate, view.lang)}`}</p>
            </li>
          ))}
        </ul>
      ) : <p class="muted" safe>{t.empty}</p>}
    </section>
  );
}
