/** The attachments page of an application: the list (download, remove) and the upload form. */
import type { ApplicationView } from '../../../app/applications/application-view.ts';
import type { AttachmentView } from '../../../app/attachments/attachment-view.ts';
import type { CriteriaFile } from '../../../catalog/catalog.schema.ts';
import type { FieldError } from '../../../domain/errors.ts';
import { CsrfField } from '../shell.tsx';
import { applicationPath, isEditable } from './application-steps.ts';
import { attachmentHref } from './attachment-links.ts';
import { date, Done, errorFor, Errors, SelectField, type PortalPage } from './kit.tsx';
import { StepNav } from './step-nav.tsx';

const TYPE_NAMES: Record<string, string> = { 'application/pdf': 'PDF', 'image/png': 'PNG', 'image/jpeg': 'JPEG' };

/** A compact list of download links (overview and checklist pages). */
export function AttachmentLinks({ app, items, page }: { app: Pick<ApplicationView, 'id'>; items: AttachmentView[]; page: PortalPage }) {
  return (
    <ul class="plain-list">
      {items.map((a) => (
        <li>
          <a href={attachmentHref(app.id, a.id)} safe>{a.originalName}</a>{' '}
          <span class="muted" safe>{`(${TYPE_NAMES[a.mediaType] ?? a.mediaType}, ${page.m.bytes(a.sizeBytes)})`}</span>
        </li>
      ))}
    </ul>
  );
}

export function AttachmentsMain({ page, app, criteria, items, errors, item, done }: {
  page: PortalPage;
  app: ApplicationView;
  criteria: CriteriaFile;
  items: AttachmentView[];
  errors: FieldError[];
  /** The assessment item preselected in the form. */
  item: string;
  done?: string | undefined;
}) {
  const { m, view } = page;
  const t = m.attachments;
  const editable = isEditable(app);
  const recognised = new Set(app.recognisedRequirements.map((r) => r.requirementId));
  const itemIds = criteria.requirements.filter((r) => !recognised.has(r.id)).flatMap((r) => r.items.map((i) => ({ id: i.id, text: i.text[view.lang] })));
  return (
    <section class="block">
      <StepNav page={page} app={app} current="attachments" title={t.title} />
      <p safe>{t.lede}</p>
      <Done text={done} />
      <Errors errors={errors} page={page} />
      {items.length ? (
        <ul class="entries" aria-label={t.title}>
          {items.map((a) => (
            <li class="entry">
              <p class="entry__title"><a class="break" href={attachmentHref(app.id, a.id)} safe>{a.originalName}</a></p>
              <p class="entry__meta muted" safe>{`${a.checklistItemId ?? t.whole} · ${TYPE_NAMES[a.mediaType] ?? a.mediaType} · ${m.bytes(a.sizeBytes)} · ${date(a.uploadedAt, view.lang)}`}</p>
              {editable ? (
                <form method="post" action={`${applicationPath(app.id, 'attachments')}/${encodeURIComponent(a.id)}/delete`}>
                  <CsrfField token={view.csrf} />
                  <button class="button" type="submit" aria-label={`${t.remove}: ${a.originalName}`} safe>{t.remove}</button>
                </form>
              ) : ''}
            </li>
          ))}
        </ul>
      ) : <p class="muted" safe>{t.empty}</p>}
      {editable ? (
        <>
          <h2 class="block__heading" safe>{t.uploadHeading}</h2>
          <form class="form" method="post" action={applicationPath(app.id, 'attachments')} enctype="multipart/form-data">
            <CsrfField token={view.csrf} />
            <label class="form__field">
              <span safe>{t.file}</span>
              {errorFor(errors, '/file') ? <span class="form__error" safe>{errorFor(errors, '/file')}</span> : ''}
              <input type="file" name="file" required accept="application/pdf,image/png,image/jpeg,.pdf,.png,.jpg,.jpeg" />
            </label>
            <SelectField name="checklistItemId" label={t.item}>
              <option value="" selected={item === ''} safe>{t.whole}</option>
              {itemIds.map((i) => <option value={i.id} selected={i.id === item} safe>{`${i.id} ${i.text.slice(0, 40)}${i.text.length > 40 ? '…' : ''}`}</option>)}
            </SelectField>
            <p><button class="button button--primary" type="submit" safe>{t.upload}</button></p>
          </form>
        </>
      ) : <p class="muted" safe>{t.readOnly}</p>}
    </section>
  );
}
