/** The UK PSTI step: the statement of compliance's fields (route `psti` only). */
import type { ApplicationView } from '../../../app/applications/application-view.ts';
import type { PstiStatement } from '../../../domain/psti-statement.ts';
import type { FieldError } from '../../../domain/errors.ts';
import { CsrfField } from '../shell.tsx';
import { applicationPath, isEditable } from './application-steps.ts';
import { Done, errorFor, Errors, TextArea, TextField, type PortalPage } from './kit.tsx';
import { StepNav } from './step-nav.tsx';

export const PSTI_TEXT_FIELDS = ['productType', 'batch', 'manufacturerName', 'manufacturerAddress', 'signatoryName', 'signatoryFunction', 'placeOfIssue', 'documentUrl'] as const;
export const PSTI_DATE_FIELDS = ['supportPeriodEndsOn', 'dateOfIssue'] as const;

export function PstiMain({ page, app, statement, errors, done }: {
  page: PortalPage;
  app: ApplicationView;
  statement: PstiStatement;
  errors: FieldError[];
  done?: string | undefined;
}) {
  const { m, view } = page;
  const t = m.psti;
  const err = (name: string) => errorFor(errors, `/pstiStatement/${name}`);
  const text = (name: (typeof PSTI_TEXT_FIELDS)[number], max: number, type = 'text') =>
    <TextField name={name} label={t[name]} value={statement[name]} error={err(name)} maxlength={max} type={type} />;
  const day = (name: (typeof PSTI_DATE_FIELDS)[number]) => <TextField name={name} label={t[name]} value={statement[name]} error={err(name)} type="date" />;
  return (
    <section class="block">
      <StepNav page={page} app={app} current="psti" title={t.title} />
      <p safe>{t.lede}</p>
      <Done text={done} />
      <Errors errors={errors} page={page} />
      {isEditable(app) ? (
        <form class="form" method="post" action={applicationPath(app.id, 'psti')}>
          <CsrfField token={view.csrf} />
          {text('productType', 200)}
          {text('batch', 200)}
          {text('manufacturerName', 200)}
          {text('manufacturerAddress', 500)}
          <label class="choice">
            <input type="checkbox" name="declaration" value="true" checked={statement.declaration === true} />
            <span safe>{t.declaration}</span>
          </label>
          {err('declaration') ? <p class="form__error" safe>{err('declaration')}</p> : ''}
          {day('supportPeriodEndsOn')}
          {text('signatoryName', 200)}
          {text('signatoryFunction', 200)}
          {text('placeOfIssue', 200)}
          {day('dateOfIssue')}
          {text('documentUrl', 2000, 'url')}
          <label class="choice">
            <input type="checkbox" name="isProxy" value="true" checked={statement.isProxy === true} />
            <span safe>{t.isProxy}</span>
          </label>
          <TextArea name="proxyNote" label={t.proxyNote} value={statement.proxyNote} error={err('proxyNote')} maxlength={2000} rows={3} />
          <p class="form__actions">
            <button class="button" type="submit" name="then" value="stay" safe>{m.saveDraft}</button>{' '}
            <button class="button button--primary" type="submit" name="then" value="next" safe>{m.saveContinue}</button>
          </p>
        </form>
      ) : (
        <dl class="facts">
          {[...PSTI_TEXT_FIELDS, ...PSTI_DATE_FIELDS].map((name) => (
            <div class="facts__row"><dt safe>{t[name]}</dt><dd class="break" safe>{statement[name] ?? m.notSet}</dd></div>
          ))}
        </dl>
      )}
    </section>
  );
}
