/**
 * The checklist as the reviewer reads it (every requirement in criteria order, each item with its
 * answer, evidence or reason, items changed since the previous submission marked) and the block
 * listing those changes with before and after side by side.
 */
import type { ChecklistRow, RequirementRows } from '../../../app/console/application-review.ts';
import type { AnswerSnapshot, AttachmentChange, SubmissionChanges } from '../../../app/console/submission-changes.ts';
import type { Lang } from '../../pages/i18n/index.ts';
import { formatDateTime, ModelNumbers, type messagesFor } from './console-kit.tsx';
import { AttachmentList, type AttachmentLink } from './attachments-view.tsx';

type M = ReturnType<typeof messagesFor>;

function AnswerText({ answer, m }: { answer: AnswerSnapshot | ChecklistRow['answer']; m: M }) {
  if (!answer) return <span class="muted" safe>{m.checklist.unanswered}</span>;
  const conforms = answer.answer === 'conforms';
  const detail = conforms ? answer.evidence : answer.reason;
  return (
    <span class="block-text">
      <strong safe>{conforms ? m.checklist.conforms : m.checklist.notApplicable}</strong>
      {detail ? (
        <>
          {' '}
          <span class="muted" safe>{`${conforms ? m.checklist.evidence : m.checklist.reason}:`}</span> <span class="prose" safe>{detail}</span>
        </>
      ) : ''}
    </span>
  );
}

export function ChangesBlock({ changes, lang, m }: { changes: SubmissionChanges; lang: Lang; m: M }) {
  const c = m.changes;
  const nothing = !changes.modelNumbers.added.length && !changes.modelNumbers.removed.length && !changes.answers.length && !changes.pstiStatement.length
    && !changes.attachments.added.length && !changes.attachments.removed.length;
  const attachmentLine = (a: AttachmentChange) => `${a.name}${a.itemId ? ` (${a.itemId})` : ''}`;
  return (
    <section class="block" id="changes" aria-labelledby="changes-heading">
      <h2 class="block__heading" id="changes-heading" safe>{c.heading}</h2>
      {changes.kind === 'none' ? <p safe>{c.none}</p> : changes.kind === 'first' ? <p safe>{c.first}</p> : (
        <>
          <p class="muted" safe>{c.between(formatDateTime(changes.previousSubmittedAt!, lang), formatDateTime(changes.latestSubmittedAt!, lang))}</p>
          {nothing ? <p safe>{c.nothing}</p> : ''}
          {changes.modelNumbers.added.length ? (
            <>
              <h3 class="subheading" safe>{c.modelAdded}</h3>
              <ModelNumbers values={changes.modelNumbers.added} />
            </>
          ) : ''}
          {changes.modelNumbers.removed.length ? (
            <>
              <h3 class="subheading" safe>{c.modelRemoved}</h3>
              <ModelNumbers values={changes.modelNumbers.removed} />
            </>
          ) : ''}
          {changes.answers.length ? (
            <>
              <h3 class="subheading" safe>{c.answers}</h3>
              <ul class="plain-list console-changes">
                {changes.answers.map((a) => (
                  <li data-item={a.itemId}>
                    <strong class="mono" safe>{a.itemId}</strong> <span safe>{c[a.kind]}</span>
                    <dl class="facts">
                      <div class="facts__row">
                        <dt safe>{c.before}</dt>
                        <dd class="console-before">{a.before ? <AnswerText answer={a.before} m={m} /> : '—'}</dd>
                      </div>
                      <div class="facts__row">
                        <dt safe>{c.after}</dt>
                        <dd class="console-after">{a.after ? <AnswerText answer={a.after} m={m} /> : '—'}</dd>
                      </div>
                    </dl>
                  </li>
                ))}
              </ul>
            </>
          ) : ''}
          {changes.attachments.added.length ? (
            <>
              <h3 class="subheading" safe>{c.attachmentsAdded}</h3>
              <ul class="plain-list console-after" data-changes="attachments-added">
                {changes.attachments.added.map((a) => <li safe>{attachmentLine(a)}</li>)}
              </ul>
            </>
          ) : ''}
          {changes.attachments.removed.length ? (
            <>
              <h3 class="subheading" safe>{c.attachmentsRemoved}</h3>
              <ul class="plain-list console-before" data-changes="attachments-removed">
                {changes.attachments.removed.map((a) => <li safe>{attachmentLine(a)}</li>)}
              </ul>
            </>
          ) : ''}
          {changes.pstiStatement.length ? (
            <>
              <h3 class="subheading" safe>{c.psti}</h3>
              <ul class="plain-list">
                {changes.pstiStatement.map((f) => (
                  <li safe>{`${m.psti.fields[f.field] ?? f.field}: ${f.before ?? '—'} → ${f.after ?? '—'}`}</li>
                ))}
              </ul>
            </>
          ) : ''}
        </>
      )}
    </section>
  );
}

export function ChecklistBlock(props: {
  requirements: RequirementRows[];
  changed: ReadonlySet<string>;
  attachments: Map<string, AttachmentLink[]>;
  lang: Lang;
  m: M;
}) {
  const { requirements, changed, attachments, lang, m } = props;
  return (
    <section class="block" id="checklist" aria-labelledby="checklist-heading">
      <h2 class="block__heading" id="checklist-heading" safe>{m.checklist.heading}</h2>
      {attachments?.get('')?.length ? (
        <>
          <h3 class="subheading" safe>{m.checklist.wholeApplication}</h3>
          <AttachmentList items={attachments.get('')!} m={m} />
        </>
      ) : ''}
      {requirements.map((r) => (
        <section class="console-requirement" aria-labelledby={`req-${r.id}`}>
          <h3 class="subheading" id={`req-${r.id}`}>
            <span class="mono" safe>{r.id}</span> <span safe>{r.title[lang]}</span>
          </h3>
          {r.recognisedBy ? (
            <p class="muted" safe>{m.checklist.recognised(r.recognisedBy)}</p>
          ) : (
            <ol class="plain-list">
              {r.items.map((item) => (
                <li class={changed.has(item.itemId) ? 'console-changed' : undefined} data-item={item.itemId}>
                  <span class="block-text">
                    <span class="mono" safe>{item.itemId}</span>{' '}
                    {changed.has(item.itemId) ? <span class="status status--suspended" safe>{m.changes.changed}</span> : ''}
                  </span>
                  <span class="block-text muted" safe>{item.text[lang]}</span>
                  {item.alternativeGroup ? <span class="block-text muted" safe>{m.checklist.alternative(item.alternativeGroup)}</span> : ''}
                  <AnswerText answer={item.answer} m={m} />
                  {attachments?.get(item.itemId)?.length ? <AttachmentList items={attachments.get(item.itemId)!} m={m} /> : ''}
                </li>
              ))}
            </ol>
          )}
        </section>
      ))}
    </section>
  );
}
