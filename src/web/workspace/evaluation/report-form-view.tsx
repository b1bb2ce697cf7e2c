/**
 * The evaluation body's page for one application: the facts, the vendor's checklist (ICS), the
 * verdict form (a choice and a note per test unit, grouped by requirement), the PDF upload and the
 * sign-off. Once the report is signed off, or the application is no longer waiting for evaluation,
 * the same page shows the report read-only.
 */
import type { EvaluationView } from '../../../app/evaluation/evaluation-view.ts';
import { EVALUATION_TEXT_MAX } from '../../../domain/evaluation.ts';
import type { FieldError } from '../../../domain/errors.ts';
import { CsrfField, ErrorSummary } from '../shell.tsx';
import { Done, ExampleNotice, type EvaluationPage } from './kit.tsx';
import { ApplicationFacts, ChecklistBlock, ReportFacts, VerdictTable } from './report-view.tsx';

export const verdictField = (unitId: string) => `verdict-${unitId}`;
export const noteField = (unitId: string) => `note-${unitId}`;

export interface ReportFormState {
  ics: string;
  ixit: string;
  summary: string;
  units: Map<string, { verdict: string; note: string }>;
}

/** The form as stored now (or as the evaluator sent it, after a refusal). */
export function stateOf(ev: EvaluationView): ReportFormState {
  const r = ev.report;
  return {
    ics: r?.ics ?? '',
    ixit: r?.ixit ?? '',
    summary: r?.summary ?? '',
    units: new Map((r?.verdicts ?? []).map((v) => [v.unitId, { verdict: v.verdict, note: v.evidence ?? v.reason ?? '' }])),
  };
}

export const evaluationPath = (id: string, step = '') => `/evaluation/applications/${encodeURIComponent(id)}${step ? `/${step}` : ''}`;

function TextArea({ name, label, hint, value, disabled }: { name: string; label: string; hint?: string; value: string; disabled?: boolean }) {
  return (
    <label class="form__field">
      <span safe>{label}</span>
      {hint ? <span class="form__hint" safe>{hint}</span> : ''}
      <textarea name={name} rows="3" maxlength={String(EVALUATION_TEXT_MAX)} disabled={disabled} safe>{value}</textarea>
    </label>
  );
}

function VerdictForm({ ev, page, state, unitErrors }: { ev: EvaluationView; page: EvaluationPage; state: ReportFormState; unitErrors: Map<string, string[]> }) {
  const { m, view } = page;
  const lang = view.lang;
  const requirements = [...new Map(ev.testUnits.map((u) => [u.requirementId, u])).values()];
  const done = ev.testUnits.filter((u) => state.units.get(u.id)?.verdict).length;
  return (
    <form class="form evaluation-form" method="post" action={evaluationPath(ev.application.id, 'report')}>
      <CsrfField token={view.csrf} />
      <TextArea name="ics" label={m.report.ics} hint={m.report.icsHint} value={state.ics} />
      <TextArea name="ixit" label={m.report.ixit} hint={m.report.ixitHint} value={state.ixit} />
      <TextArea name="summary" label={m.report.summary} value={state.summary} />
      <h2 class="block__heading" id="units-heading" safe>{m.report.units}</h2>
      <p class="form__hint" safe>{m.report.unitsLede}</p>
      <p class="muted" id="verdict-progress" safe>{m.report.progress(done, ev.testUnits.length)}</p>
      {requirements.map((r) => (
        <fieldset class="form__group" id={`req-${r.requirementId}`}>
          <legend safe>{`${r.requirementId} ${r.requirementTitle[lang]} (${m.report.requirementLevel(r.requirementLevel)})`}</legend>
          {ev.testUnits.filter((u) => u.requirementId === r.requirementId).map((u) => {
            const s = state.units.get(u.id) ?? { verdict: '', note: '' };
            const problems = unitErrors.get(u.id) ?? [];
            return (
              <div class="verdict" id={`unit-${u.id}`}>
                <p>
                  <strong class="mono" safe>{u.id}</strong> <span class="muted" safe>{m.unitAssessment[u.assessment]}</span>
                  <br />
                  <span safe>{u.text[lang]}</span>
                </p>
                {problems.map((p) => <p class="form__error" safe>{p}</p>)}
                <div class="verdict__choices" role="radiogroup" aria-label={u.id}>
                  {(['pass', 'fail', 'not_applicable'] as const).map((value) => (
                    <label class="verdict__choice">
                      <input type="radio" name={verdictField(u.id)} value={value} checked={s.verdict === value} />
                      <span safe>{m.verdict[value]}</span>
                    </label>
                  ))}
                </div>
                <label class="form__field">
                  <span safe>{m.report.note}</span>
                  <textarea name={noteField(u.id)} rows="2" maxlength={String(EVALUATION_TEXT_MAX)} aria-invalid={problems.length ? 'true' : undefined} safe>{s.note}</textarea>
                </label>
              </div>
            );
          })}
        </fieldset>
      ))}
      <p><button class="button button--primary" type="submit" safe>{m.report.save}</button></p>
    </form>
  );
}

function UploadAndSignOff({ ev, page }: { ev: EvaluationView; page: EvaluationPage }) {
  const { m, view } = page;
  const id = ev.application.id;
  return (
    <>
      <section class="block" id="report-file" aria-labelledby="report-file-heading">
        <h2 class="block__heading" id="report-file-heading" safe>{m.report.file}</h2>
        <ReportFacts ev={ev} m={m} lang={view.lang} pdfHref={evaluationPath(id, 'report.pdf')} />
        <form class="form" method="post" action={evaluationPath(id, 'report-file')} enctype="multipart/form-data">
          <CsrfField token={view.csrf} />
          <label class="form__field">
            <span safe>{m.report.file}</span>
            <span class="form__hint" safe>{m.report.fileHint}</span>
            <input type="file" name="report" accept="application/pdf,.pdf" required />
          </label>
          <p><button class="button" type="submit" safe>{m.report.upload}</button></p>
        </form>
      </section>
      <section class="block" id="sign-off" aria-labelledby="sign-off-heading">
        <h2 class="block__heading" id="sign-off-heading" safe>{m.report.signOff}</h2>
        <p safe>{m.report.signOffHint}</p>
        <form class="form" method="post" action={evaluationPath(id, 'sign-off')}>
          <CsrfField token={view.csrf} />
          <p><button class="button button--primary" type="submit" safe>{m.report.signOff}</button></p>
        </form>
      </section>
    </>
  );
}

export function ReportMain({ ev, page, categoryName, state, errors, done }: {
  ev: EvaluationView;
  page: EvaluationPage;
  categoryName: string;
  state: ReportFormState;
  errors: FieldError[];
  done?: string | undefined;
}) {
  const { m, view } = page;
  const unitErrors = new Map<string, string[]>();
  for (const e of errors) {
    const unit = /^\/verdicts\/([^/]+)/.exec(e.pointer)?.[1];
    if (unit) unitErrors.set(unit, [...(unitErrors.get(unit) ?? []), e.detail]);
  }
  return (
    <>
      <h1 class="page-title" safe>{m.report.title(ev.application.applicationNumber)}</h1>
      <ExampleNotice criteria={ev.application.criteria} m={m} />
      <Done text={done} />
      <ErrorSummary errors={errors} shell={view.shell} />
      <section class="block" aria-label={m.fields.applicationNumber}>
        <ApplicationFacts ev={ev} m={m} lang={view.lang} categoryName={categoryName} />
      </section>
      <ChecklistBlock ev={ev} m={m} />
      {ev.isEditable ? (
        <>
          <section class="block" id="verdicts">
            <VerdictForm ev={ev} page={page} state={state} unitErrors={unitErrors} />
          </section>
          <UploadAndSignOff ev={ev} page={page} />
        </>
      ) : (
        <section class="block" id="report" aria-labelledby="report-heading">
          <h2 class="block__heading" id="report-heading" safe>{m.fields.report}</h2>
          <p class="muted" safe>{m.report.locked}</p>
          <ReportFacts ev={ev} m={m} lang={view.lang} pdfHref={evaluationPath(ev.application.id, 'report.pdf')} />
          <VerdictTable ev={ev} m={m} lang={view.lang} />
        </section>
      )}
    </>
  );
}
