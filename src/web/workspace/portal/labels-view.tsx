/**
 * The vendor's labels: the list (status, expiry, renewal, public page, artwork) and one label's
 * page, where the security information its public page shows is kept current.
 */
import type { VendorLabel } from '../../../app/applications/label-renewals.ts';
import type { ProductView } from '../../../app/products/product-view.ts';
import type { SecurityInformation } from '../../../app/security-info/security-information.ts';
import type { FieldError } from '../../../domain/errors.ts';
import type { SecurityWarning } from '../../../domain/security-warnings.ts';
import { formatDate } from '../../pages/format.ts';
import { MESSAGES, type Lang } from '../../pages/i18n/index.ts';
import { labelPath } from '../../pages/views/label-page.tsx';
import { CsrfField } from '../shell.tsx';
import { date, Done, errorFor, Errors, LabelStatusTag, TextArea, TextField, type PortalPage } from './kit.tsx';
import { portalLabelPath, RenewalCell } from './renewal-cell.tsx';

/** A warning as the public page words it (the public pages' message catalogue). */
function warningText(w: SecurityWarning, lang: Lang): string {
  const t = MESSAGES[lang].sec.warning;
  const f = w.facts;
  const day = (v: unknown) => (typeof v === 'string' ? formatDate(v, lang) : '—');
  switch (w.code) {
    case 'support_ended': return t.support_ended(day(f.supportEndsOn));
    case 'support_ends_before_label_expiry': return t.support_ends_before_label_expiry(day(f.supportEndsOn), day(f.labelExpiresAt));
    case 'unfixed_vulnerability': return t.unfixed_vulnerability(String(f.cve ?? '—'), Number(f.days));
    case 'label_expiring': return t.label_expiring(day(f.expiresAt), Number(f.daysLeft));
    case 'security_txt_expired': return t.security_txt_expired(day(f.expiresAt));
  }
}

function Artwork({ page, rn }: { page: PortalPage; rn: string }) {
  return (
    <span class="page-links">
      <a href={labelPath(rn)} safe>{page.m.labels.publicPage}</a>
      <a href={`${labelPath(rn)}/label.svg`} download="" safe>{`${page.m.labels.artwork} (SVG)`}</a>
      <a href={`${labelPath(rn)}/label.png`} download="" safe>{`${page.m.labels.artwork} (PNG)`}</a>
    </span>
  );
}

export function LabelsMain({ page, labels }: { page: PortalPage; labels: VendorLabel[] }) {
  const { m, view } = page;
  const t = m.labels;
  return (
    <section class="block">
      <h1 class="page-title" safe>{t.title}</h1>
      <p safe>{t.lede}</p>
      <p class="page-links">
        <a href="/portal/advisories" safe>{t.advisoriesLink}</a>
        <a href="/portal/security-txt" safe>{t.securityTxtLink}</a>
      </p>
      {labels.length ? (
        <ul class="entries" aria-label={t.title}>
          {labels.map((l) => (
            <li class="entry">
              <p class="entry__title"><a class="nowrap" href={portalLabelPath(l.registrationNumber)} safe>{l.registrationNumber}</a> <LabelStatusTag status={l.status} m={m} /></p>
              <p class="entry__meta"><span safe>{l.productName[view.lang]}</span> <span class="muted" safe>{`${t.colExpires} ${date(l.expiresAt, view.lang)}`}</span></p>
              <p class="entry__meta"><Artwork page={page} rn={l.registrationNumber} /></p>
              <RenewalCell page={page} label={l} />
            </li>
          ))}
        </ul>
      ) : <p class="muted" safe>{t.empty}</p>}
    </section>
  );
}

export interface LabelPageData {
  label: VendorLabel;
  product: ProductView;
  security: SecurityInformation;
}

/** Input echoed back into the forms after an error, by form. */
export interface LabelForms {
  support?: { endsOn: string; note: string };
  update?: { version: string; releasedOn: string; notesJa: string; notesEn: string; url: string };
  contact?: { vulnerabilityContact: string; disclosurePolicyUrl: string };
}

export function LabelMain({ page, data, forms, errors, done }: { page: PortalPage; data: LabelPageData; forms: LabelForms; errors: FieldError[]; done?: string | undefined }) {
  const { m, view } = page;
  const t = m.labels;
  const { label, product, security } = data;
  const action = (what: string) => `${portalLabelPath(label.registrationNumber)}/${what}`;
  const err = (pointer: string) => errorFor(errors, pointer);
  const update = forms.update ?? { version: '', releasedOn: '', notesJa: '', notesEn: '', url: '' };
  const contact = forms.contact ?? { vulnerabilityContact: product.vulnerabilityContact ?? '', disclosurePolicyUrl: product.disclosurePolicyUrl ?? '' };
  return (
    <>
      <section class="block">
        <p class="muted"><a href="/portal/labels" safe>{t.title}</a></p>
        <h1 class="page-title" safe>{t.detailTitle(label.registrationNumber)}</h1>
        <Done text={done} />
        <Errors errors={errors} page={page} />
        <dl class="facts">
          <div class="facts__row"><dt safe>{t.colProduct}</dt><dd><a href={`/portal/products/${encodeURIComponent(product.id)}`} safe>{product.name[view.lang]}</a></dd></div>
          <div class="facts__row"><dt safe>{t.colStatus}</dt><dd><LabelStatusTag status={label.status} m={m} /></dd></div>
          <div class="facts__row"><dt safe>{t.issuedAt}</dt><dd safe>{date(label.issuedAt, view.lang)}</dd></div>
          <div class="facts__row"><dt safe>{t.expiresAt}</dt><dd safe>{date(label.expiresAt, view.lang)}</dd></div>
          <div class="facts__row"><dt safe>{t.colRenewal}</dt><dd><RenewalCell page={page} label={label} /></dd></div>
        </dl>
        <p><Artwork page={page} rn={label.registrationNumber} /></p>
        {security.warnings.length ? (
          <div class="notice">
            <h2 class="notice__heading" safe>{t.warnings}</h2>
            <ul class="notice__list">{security.warnings.map((w) => <li data-code={w.code} safe>{warningText(w, view.lang)}</li>)}</ul>
          </div>
        ) : ''}
      </section>

      <section class="block" id="support">
        <h2 class="block__heading" safe>{t.supportHeading}</h2>
        <p><span safe>{`${t.supportCurrent}: `}</span><strong safe>{security.supportEndsOn ? date(security.supportEndsOn, view.lang) : m.notSet}</strong></p>
        {security.supportHistory.length ? (
          <>
            <h3 class="subheading" safe>{t.supportHistory}</h3>
            <ul class="plain-list">
              {security.supportHistory.map((d) => <li><span safe>{`${date(d.endsOn, view.lang)} (${date(d.declaredAt, view.lang)})`}</span>{d.note ? <span class="muted" safe>{` ${d.note}`}</span> : ''}</li>)}
            </ul>
          </>
        ) : ''}
        <form class="form" method="post" action={action('support-period')}>
          <CsrfField token={view.csrf} />
          <h3 class="subheading" safe>{t.supportExtend}</h3>
          <TextField name="endsOn" type="date" label={t.endsOn} hint={m.products.supportHint} value={forms.support?.endsOn} error={err('/endsOn') ?? err('/supportEndsOn')} required />
          <TextArea name="note" label={t.supportNote} value={forms.support?.note} error={err('/note')} maxlength={1000} rows={2} />
          <p><button class="button button--primary" type="submit" safe>{t.supportExtend}</button></p>
        </form>
      </section>

      <section class="block" id="updates">
        <h2 class="block__heading" safe>{t.updatesHeading}</h2>
        {security.updates.length ? (
          <ul class="plain-list">
            {security.updates.map((u) => <li><strong safe>{u.version}</strong> <span safe>{date(u.releasedOn, view.lang)}</span>{u.notes[view.lang] ? <span class="block-text muted" safe>{u.notes[view.lang]!}</span> : ''}</li>)}
          </ul>
        ) : <p class="muted" safe>{t.noUpdates}</p>}
        <form class="form" method="post" action={action('updates')}>
          <CsrfField token={view.csrf} />
          <h3 class="subheading" safe>{t.announce}</h3>
          <TextField name="version" label={t.version} value={update.version} error={err('/version')} required maxlength={100} />
          <TextField name="releasedOn" type="date" label={t.releasedOn} value={update.releasedOn} error={err('/releasedOn')} required />
          <TextArea name="notesJa" label={t.notesJa} value={update.notesJa} error={err('/notesJa')} maxlength={4000} rows={2} />
          <TextArea name="notesEn" label={t.notesEn} value={update.notesEn} error={err('/notesEn')} maxlength={4000} rows={2} />
          <TextField name="url" type="url" label={t.updateUrl} value={update.url} error={err('/url')} maxlength={2000} />
          <p><button class="button button--primary" type="submit" safe>{t.announce}</button></p>
        </form>
      </section>

      <section class="block" id="contact">
        <h2 class="block__heading" safe>{t.contactHeading}</h2>
        <form class="form" method="post" action={action('contact')}>
          <CsrfField token={view.csrf} />
          <TextField name="vulnerabilityContact" label={m.products.vulnerabilityContact} value={contact.vulnerabilityContact} error={err('/vulnerabilityContact')} maxlength={500} />
          <TextField name="disclosurePolicyUrl" type="url" label={m.products.disclosurePolicyUrl} value={contact.disclosurePolicyUrl} error={err('/disclosurePolicyUrl')} maxlength={2000} />
          <p><button class="button button--primary" type="submit" safe>{t.contactSave}</button></p>
        </form>
      </section>

      <section class="block" id="vulnerabilities">
        <h2 class="block__heading" safe>{t.vulnerabilitiesHeading}</h2>
        {security.vulnerabilities.length ? (
          <ul class="plain-list">
            {security.vulnerabilities.map((v) => <li><strong safe>{v.cve ?? v.title ?? ''}</strong> <span class={`vex vex--${v.status}`} safe>{MESSAGES[view.lang].sec.status[v.status] ?? v.status}</span> <span class="muted" safe>{`${v.advisory.trackingId} (${v.advisory.revision})`}</span></li>)}
          </ul>
        ) : <p class="muted" safe>{t.noVulnerabilities}</p>}
        <h3 class="subheading" safe>{t.vendorWide}</h3>
        <p class="page-links">
          <a href="/portal/advisories" safe>{t.advisoriesLink}</a>
          <a href="/portal/security-txt" safe>{t.securityTxtLink}</a>
        </p>
      </section>
    </>
  );
}
