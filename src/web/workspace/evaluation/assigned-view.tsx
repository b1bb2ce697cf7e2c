/** /evaluation: the applications assigned to the evaluator's body, with the state of each report. */
import type { AssignedApplicationSummary } from '../../../app/evaluation/get-evaluation.ts';
import { DateTime, type EvaluationPage } from './kit.tsx';
import { evaluationPath } from './report-form-view.tsx';

export function AssignedMain({ page, items, bodyName }: { page: EvaluationPage; items: AssignedApplicationSummary[]; bodyName: string }) {
  const { m, view } = page;
  const lang = view.lang;
  const f = m.fields;
  return (
    <section class="block">
      <h1 class="page-title" safe>{m.list.title}</h1>
      <p class="lede" safe>{m.list.lede(bodyName)}</p>
      {items.length ? (
        <div class="table-scroll">
          <table class="data-table console-cards" id="assigned">
            <thead>
              <tr>
                <th scope="col" safe>{f.applicationNumber}</th>
                <th scope="col" safe>{f.product}</th>
                <th scope="col" safe>{f.level}</th>
                <th scope="col" safe>{f.status}</th>
                <th scope="col" safe>{f.report}</th>
                <th scope="col" safe>{m.list.updated}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((a) => (
                <tr data-application={a.id}>
                  <th scope="row"><a class="mono" href={evaluationPath(a.id)} safe>{a.applicationNumber}</a></th>
                  <td data-label={f.product}>
                    <span safe>{a.productName[lang]}</span>
                    <br />
                    <span class="muted" safe>{a.vendorName[lang]}</span>
                  </td>
                  <td data-label={f.level}>
                    <span safe>{m.level(a.level)}</span>
                    {a.criteria.example ? <> <span class="chip" safe>{m.example.short}</span></> : ''}
                  </td>
                  <td data-label={f.status} safe>{m.appStatus[a.status] ?? a.status}</td>
                  <td data-label={f.report} safe>{m.reportStatus[a.reportStatus] ?? a.reportStatus}</td>
                  <td data-label={m.list.updated}><DateTime value={a.updatedAt} lang={lang} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : <p class="empty" safe>{m.list.empty}</p>}
    </section>
  );
}
