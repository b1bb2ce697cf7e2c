/**
 * The checklist step: every requirement of the criteria with its assessment items, each answered
 * "conforms" or "not applicable" with one text (the evidence, or the reason), and the documents
 * attached to it. Requirements recognised on the route (UK PSTI) are shown without inputs.
 */
import type { ApplicationView } from '../../../app/applications/application-view.ts';
import type { AttachmentView } from '../../../app/attachments/attachment-view.ts';
import type { CriteriaFile } from '../../../catalog/catalog.schema.ts';
import { EVIDENCE_MAX_LENGTH } from '../../../domain/checklist.ts';
import type { FieldError } from '../../../domain/errors.ts';
import { CsrfField } from '../shell.tsx';
import { applicationPath, isEditable } from './application-steps.ts';
import { AttachmentLinks } from './attachments-view.tsx';
import { Done, Errors, type PortalPage } from './kit.tsx';
import { StepNav } from './step-nav.tsx';

/** One item's state in the form. */
export interface ItemState {
  answer: 'conforms' | 'not_applicable' | '';
  note: string;
}

export const answerField = (itemId: string) => `answer-${itemId}`;
export const noteField = (itemId: string) => `note-${itemId}`;

export function ChecklistMain({ page, app, criteria, state, itemErrors, errors, attachments, done }: {
  page: PortalPage;
  app: ApplicationView;
  criteria: CriteriaFile;
  state: Map<string, ItemState>;
  /** Errors by item id. */
  itemErrors: Map<string, string[]>;
  errors: FieldError[];
  attachments: AttachmentView[];
  done?: string | undefined;
}) {
  const { m, view } = page;
  const t = m.checklist;
  const editable = isEditable(app);
  const recognised = new Set(app.recognisedRequirements.map((r) => r.requirementId));
  const toAnswer = criteria.requirements.filter((r) => !recognised.has(r.id)).flatMap((r) => r.items);
  const answered = toAnswer.filter((i) => state.get(i.id)?.answer).length;
  return (
    <section class="block">
      <StepNav page={page} app={app} current="checklist" title={t.title} />
      <p safe>{t.lede}</p>
      <p class="muted" safe>{t.answered(answered, toAnswer.length)}</p>
      <Done text={done} />
      <Errors errors={errors} page={page} />
      <form class="form form--wide" method="post" action={applicationPath(app.id, 'checklist')}>
        <CsrfField token={view.csrf} />
        {criteria.requirements.map((r) => (
          <fieldset class="requirement" id={`req-${r.id}`}>
            <legend class="requirement__title" safe>{`${r.id} ${r.title[view.lang]}`}</legend>
            <p class="form__hint" safe>{r.summary[view.lang]}</p>
            {r.status === 'official-text-pending' ? <p class="form__hint" safe>{t.pending}</p> : ''}
            {recognised.has(r.id) ? <p class="chips"><span class="chip" safe>{t.recognised}</span></p> : (
              <>
                {r.items.some((i) => i.alternativeGroup) ? <p class="form__hint" safe>{t.alternative}</p> : ''}
                {r.items.map((item) => {
                  const s = state.get(item.id) ?? { answer: '', note: '' };
                  const problems = itemErrors.get(item.id) ?? [];
                  const mine = attachments.filter((a) => a.checklistItemId === item.id);
                  return (
                    <div class="item" id={`item-${item.id}`}>
                      <p class="item__text"><strong safe>{item.id}</strong> <span safe>{item.text[view.lang]}</span></p>
                      {problems.map((p) => <p class="form__error" safe>{p}</p>)}
                      <div class="choices" role="radiogroup" aria-label={item.id}>
                        {([['conforms', t.conforms], ['not_applicable', t.notApplicable], ['', t.unanswered]] as const).map(([value, text]) => (
                          <label class="choice">
                            <input type="radio" name={answerField(item.id)} value={value} checked={s.answer === value} disabled={!editable} />
                            <span safe>{text}</span>
                          </label>
                        ))}
                      </div>
                      <label class="form__field">
                        <span safe>{t.note}</span>
                        <textarea name={noteField(item.id)} rows="3" maxlength={String(EVIDENCE_MAX_LENGTH)} disabled={!editable} aria-invalid={problems.length ? 'true' : undefined} safe>{s.note}</textarea>
                      </label>
                      {mine.length ? <AttachmentLinks app={app} items={mine} page={page} /> : ''}
                      {editable ? <p><a href={`${applicationPath(app.id, 'attachments')}?item=${encodeURIComponent(item.id)}`} safe>{t.attach}</a></p> : ''}
                    </div>
                  );
                })}
              </>
            )}
          </fieldset>
        ))}
        {editable ? (
          <p class="form__actions">
            <button class="button" type="submit" name="then" value="stay" safe>{m.saveDraft}</button>{' '}
            <button class="button button--primary" type="submit" name="then" value="next" safe>{m.saveContinue}</button>
          </p>
        ) : ''}
      </form>
    </section>
  );
}
