/**
 * An evaluation as read by the evaluation body (once locked), the operator and the vendor: the
 * application facts, the vendor's checklist (its ICS), and the report with its verdicts per test
 * unit. Rendering only; what may change is decided by the use cases.
 */
import type { EvaluationView, VerdictView } from '../../../app/evaluation/evaluation-view.ts';
import type { Lang } from '../../pages/i18n/index.ts';
import { CriteriaText, DateTime, Facts } from './kit.tsx';
import type { EvaluationMessages } from './messages.ts';

export function ApplicationFacts({ ev, m, lang, categoryName }: { ev: EvaluationView; m: EvaluationMessages; lang: Lang; categoryName: string }) {
  const a = ev.application;
  const f = m.fields;
  return (
    <Facts rows={[
      [f.applicationNumber, <span class="mono" safe>{a.applicationNumber}</span>],
      [f.status, <span safe>{m.appStatus[a.status] ?? a.status}</span>],
      [f.vendor, <span safe>{a.vendor.name[lang]}</span>],
      [f.product, <span safe>{a.product.name[lang]}</span>],
      [f.category, <span safe>{categoryName}</span>],
      [f.modelNumbers, <ul class="chips">{a.modelNumbers.map((v) => <li class="chip mono" safe>{v}</li>)}</ul>],
      [f.level, <span safe>{m.level(a.level)}</span>],
      [f.criteria, <CriteriaText criteria={a.criteria} lang={lang} />],
      a.criteria.assessment ? [f.assessment, <span safe>{m.assessment[a.criteria.assessment]}</span>] : null,
      ev.evaluationBody ? [f.body, <><span safe>{ev.evaluationBody.name[lang]}</span> <span class="muted mono" safe>{m.accreditation(ev.evaluationBody.accreditationNumber)}</span></>] : null,
      a.submittedAt ? [f.submittedAt, <DateTime value={a.submittedAt} lang={lang} />] : null,
      a.acceptanceNumber ? [f.acceptance, <span class="mono" safe>{a.acceptanceNumber}</span>] : null,
    ]} />
  );
}

/** The vendor's checklist answers, folded: the ICS the evaluation body relies on. */
export function ChecklistBlock({ ev, m }: { ev: EvaluationView; m: EvaluationMessages }) {
  const items = ev.application.checklist;
  return (
    <details class="block" id="ics-checklist">
      <summary safe>{`${m.report.checklist} (${items.length})`}</summary>
      {items.length ? (
        <div class="table-scroll">
          <table class="data-table console-cards">
            <tbody>
              {items.map((i) => (
                <tr>
                  <th scope="row" class="mono" safe>{i.itemId}</th>
                  <td data-label={m.report.answer} safe>{i.answer}</td>
                  <td data-label={m.report.noteShort} safe>{i.evidence ?? i.reason ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : <p safe>{m.report.checklistEmpty}</p>}
    </details>
  );
}

export function ReportFacts({ ev, m, lang, pdfHref }: { ev: EvaluationView; m: EvaluationMessages; lang: Lang; pdfHref: string }) {
  const r = ev.report;
  const f = m.fields;
  if (!r) return <p safe>{m.report.notStarted}</p>;
  return (
    <Facts rows={[
      [f.report, <><span safe>{m.reportStatus[r.status]}</span> <span class="muted" safe>{f.round(r.round)}</span></>],
      r.signedOffAt ? [f.signedOffAt, <DateTime value={r.signedOffAt} lang={lang} />] : null,
      [m.report.ics, <span class="prose" safe>{r.ics ?? '—'}</span>],
      [m.report.ixit, <span class="prose" safe>{r.ixit ?? '—'}</span>],
      r.summary ? [m.report.summary, <span class="prose" safe>{r.summary}</span>] : null,
      [m.report.file, r.file
        ? <><a href={pdfHref} type="application/pdf" safe>{m.report.download(r.file.name)}</a> <span class="muted mono" safe>{`${Math.ceil(r.file.size / 1024)} KB · SHA-256 ${r.file.sha256.slice(0, 16)}…`}</span></>
        : <span class="muted" safe>{m.report.noFile}</span>],
    ]} />
  );
}

/** Every test unit with its verdict (if any), grouped by requirement as in the criteria. */
export function VerdictTable({ ev, m, lang }: { ev: EvaluationView; m: EvaluationMessages; lang: Lang }) {
  const byUnit = new Map<string, VerdictView>((ev.report?.verdicts ?? []).map((v) => [v.unitId, v]));
  return (
    <div class="table-scroll">
      <table class="data-table console-cards verdicts">
        <thead>
          <tr>
            <th scope="col" safe>{m.report.unit}</th>
            <th scope="col" safe>{m.report.requirement}</th>
            <th scope="col" safe>{m.report.verdict}</th>
            <th scope="col" safe>{m.report.note}</th>
          </tr>
        </thead>
        <tbody>
          {ev.testUnits.map((u) => {
            const v = byUnit.get(u.id);
            return (
              <tr data-unit={u.id} data-verdict={v?.verdict ?? ''}>
                <th scope="row">
                  <span class="mono" safe>{u.id}</span>
                  <br />
                  <span class="muted" safe>{m.unitAssessment[u.assessment]}</span>
                </th>
                <td data-label={m.report.requirement}><span class="mono" safe>{u.requirementId}</span> <span safe>{u.requirementTitle[lang]}</span></td>
                <td data-label={m.report.verdict}>{v ? <strong safe>{m.verdict[v.verdict]}</strong> : '—'}</td>
                <td data-label={m.report.noteShort} safe>{v?.evidence ?? v?.reason ?? ''}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
