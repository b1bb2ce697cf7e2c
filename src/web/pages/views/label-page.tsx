/**
 * `/labels/:registrationNumber`: the product information page the label's QR code opens, with
 * the five blocks of the scheme (supplier, product, label, security, contact). A label that is not
 * valid gets a banner above everything else that says, in plain words, what it means for a buyer.
 */
import type { Children } from '@kitajs/html';
import type { PublicLabel } from '../../../app/labels/public-label.ts';
import type { RecognitionAnswer } from '../../../app/recognition/check-recognition.ts';
import { countryName, formatDate, pick } from '../format.ts';
import type { Lang, Messages } from '../i18n/index.ts';
import { ContactLink, DateText, ExternalLink, Icon, LevelMark, StatusBadge } from './components.tsx';
import { SecurityDetails, SubscribeForm, Timeline, Warnings } from './security-blocks.tsx';

export interface LabelPageProps {
  t: Messages;
  lang: Lang;
  label: PublicLabel;
  categoryName: string;
  /** Whether the label counts for UK PSTI now (checkRecognition); no UK block when absent. */
  uk?: RecognitionAnswer;
}

export const labelPath = (rn: string) => `/labels/${encodeURIComponent(rn)}`;

/** One row of a description list; `value` is already safe markup. */
function Row({ term, children, class: className }: { term: string; children: Children; class?: string }) {
  return (
    <div class={['facts__row', className]}>
      <dt safe>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function NotProvided({ t }: { t: Messages }) {
  return (
    <span class="muted" safe>
      {t.label.notProvided}
    </span>
  );
}

function Block({ id, title, children }: { id: string; title: string; children: Children }) {
  return (
    <section class="block" id={id} aria-labelledby={`${id}-heading`}>
      <h2 class="block__heading" id={`${id}-heading`} safe>
        {title}
      </h2>
      {children}
    </section>
  );
}

function StatusBanner({ label, t, lang }: { label: PublicLabel; t: Messages; lang: Lang }) {
  if (label.status === 'valid') return '';
  const banner = t.label.banner[label.status];
  const latest = label.history.at(-1);
  return (
    <div class={['banner', `banner--${label.status}`]} data-status={label.status}>
      <Icon name={label.status} class="banner__icon" />
      <div class="banner__body">
        <p class="banner__title" safe>
          {banner.title}
        </p>
        <p safe>{banner.body(formatDate(label.expiresAt, lang))}</p>
        {latest?.reason ? (
          <p class="banner__reason">
            <span class="banner__reason-label" safe>
              {`${t.label.latestRecord(formatDate(latest.at, lang), t.events[latest.event] ?? latest.event)}${t.site.colon}`}
            </span>
            <span safe>{latest.reason}</span>
          </p>
        ) : (
          ''
        )}
      </div>
    </div>
  );
}

function Supplier({ label, t, lang }: LabelPageProps) {
  const { vendor } = label;
  const other: Lang = lang === 'ja' ? 'en' : 'ja';
  const name = pick(vendor.name, lang);
  const otherName = vendor.name[other];
  return (
    <Block id="supplier" title={t.label.supplier}>
      <dl class="facts">
        <Row term={t.label.vendorName}>
          <span lang={name?.lang === lang ? undefined : name?.lang} safe>
            {name?.text ?? ''}
          </span>
        </Row>
        {otherName && otherName !== name?.text ? (
          <Row term={t.label.vendorNameOther}>
            <span lang={other} safe>
              {otherName}
            </span>
          </Row>
        ) : (
          ''
        )}
        <Row term={t.label.country}>
          <span safe>{countryName(vendor.country, lang)}</span>
        </Row>
        {vendor.corporateNumber || vendor.country === 'JP' ? (
          <Row term={t.label.corporateNumber}>
            {vendor.corporateNumber ? (
              <span class="mono nowrap" safe>
                {vendor.corporateNumber}
              </span>
            ) : (
              <NotProvided t={t} />
            )}
          </Row>
        ) : (
          ''
        )}
        {vendor.website ? (
          <Row term={t.label.website}>
            <ExternalLink value={vendor.website} />
          </Row>
        ) : (
          ''
        )}
      </dl>
    </Block>
  );
}

function Product({ label, t, lang, categoryName }: LabelPageProps) {
  const { product } = label;
  const other: Lang = lang === 'ja' ? 'en' : 'ja';
  const name = pick(product.name, lang);
  const otherName = product.name[other];
  const description = pick(product.description, lang);
  return (
    <Block id="product" title={t.label.product}>
      <dl class="facts">
        <Row term={t.label.productName}>
          <span lang={name?.lang === lang ? undefined : name?.lang} safe>
            {name?.text ?? ''}
          </span>
        </Row>
        {otherName && otherName !== name?.text ? (
          <Row term={t.label.productNameOther}>
            <span lang={other} safe>
              {otherName}
            </span>
          </Row>
        ) : (
          ''
        )}
        <Row term={t.label.category}>
          <span safe>{categoryName}</span>
        </Row>
        <Row term={t.label.description}>
          {description ? (
            <p class="prose" lang={description.lang === lang ? undefined : description.lang} safe>
              {description.text}
            </p>
          ) : (
            <NotProvided t={t} />
          )}
        </Row>
        <Row term={t.label.productUrl}>{product.url ? <ExternalLink value={product.url} /> : <NotProvided t={t} />}</Row>
        <Row term={t.label.softwareVersions}>
          {product.softwareVersions.length ? (
            <ul class="chips" aria-label={t.label.softwareVersions}>
              {product.softwareVersions.map((v) => (
                <li class="chip mono" safe>
                  {v}
                </li>
              ))}
            </ul>
          ) : (
            <NotProvided t={t} />
          )}
        </Row>
      </dl>
      <h3 class="subheading" id="model-numbers-heading">
        <span safe>{t.label.modelNumbers}</span> <span class="count" safe>{`(${t.label.modelCount(product.modelNumbers.length)})`}</span>
      </h3>
      <ul class="models" aria-labelledby="model-numbers-heading">
        {product.modelNumbers.map((m) => (
          <li class="models__item" safe>
            {m}
          </li>
        ))}
      </ul>
    </Block>
  );
}

/** Category of the criteria, how the level was assessed and, for ★3/★4, who evaluated the product and when. */
function Assessment({ label, t, lang, categoryName }: LabelPageProps) {
  const { criteria, evaluation } = label;
  return (
    <>
      {criteria.category ? (
        <Row term={t.label.criteriaCategory}>
          <span safe>{criteria.category === label.product.category ? categoryName : criteria.category}</span>
        </Row>
      ) : (
        ''
      )}
      {criteria.assessment ? (
        <Row term={t.label.assessment}>
          <span safe>{criteria.assessment === 'third-party' ? t.label.assessmentThirdParty : t.label.assessmentSelf}</span>
        </Row>
      ) : (
        ''
      )}
      {evaluation ? (
        <>
          <Row term={t.label.evaluationBody} class="facts__row--evaluation">
            <span safe>{pick(evaluation.body.name, lang)?.text ?? ''}</span>
            <br />
            <span class="muted mono" safe>
              {t.label.accreditation(evaluation.body.accreditationNumber)}
            </span>
          </Row>
          <Row term={t.label.evaluatedOn}>
            <DateText value={evaluation.evaluatedAt} lang={lang} />
          </Row>
        </>
      ) : (
        ''
      )}
    </>
  );
}

/** Said first on a label issued on example criteria: it is not JC-STAR criteria. */
function ExampleNotice({ label, t }: { label: PublicLabel; t: Messages }) {
  if (!label.criteria.example) return '';
  return (
    <div class="notice notice--example" role="note" id="example-criteria">
      <p class="notice__heading" safe>
        {t.label.exampleTitle}
      </p>
      <p safe>{t.label.exampleBody}</p>
    </div>
  );
}

function LabelInfo(props: LabelPageProps) {
  const { label, t, lang } = props;
  const png = `${labelPath(label.registrationNumber)}/label.png`;
  return (
    <Block id="label" title={t.label.label}>
      <div class="label-info">
        <figure class="artwork">
          <img
            class="artwork__img"
            src={`${labelPath(label.registrationNumber)}/label.svg`}
            alt={t.label.artworkAlt(label.level, label.registrationNumber)}
            width="300"
            height="226"
          />
          <figcaption>
            <a href={png} download={`${label.registrationNumber}.png`} safe>
              {t.label.downloadPng}
            </a>
          </figcaption>
        </figure>
        <dl class="facts label-info__facts">
          <Row term={t.label.level}>
            <LevelMark level={label.level} t={t} />
          </Row>
          <Row term={t.label.registrationNumber}>
            <span class="mono nowrap" safe>
              {label.registrationNumber}
            </span>
          </Row>
          <Row term={t.label.status}>
            <StatusBadge status={label.status} t={t} />{' '}
            <span class="muted" safe>
              {t.label.statusAsOf(formatDate(label.statusAt, lang))}
            </span>
          </Row>
          <Row term={t.label.issuedOn}>
            <DateText value={label.issuedAt} lang={lang} />
          </Row>
          <Row term={t.label.expiresOn}>
            <DateText value={label.expiresAt} lang={lang} />
          </Row>
          <Row term={t.label.criteria}>
            <span safe>{t.label.criteriaVersion(label.criteria.id, label.criteria.version)}</span>
            <br />
            <span class="muted" safe>
              {label.criteria.title[lang]}
            </span>
          </Row>
          <Assessment {...props} />
        </dl>
      </div>
      <h3 class="subheading" id="history-heading" safe>
        {t.label.history}
      </h3>
      <ol class="history" aria-labelledby="history-heading">
        {label.history.map((e) => (
          <li class={['history__item', `history__item--${e.event}`]}>
            <p class="history__head">
              <DateText value={e.at} lang={lang} />
              <span class="history__event" safe>
                {t.events[e.event] ?? e.event}
              </span>
            </p>
            {e.expiresAt ? (
              <p class="history__detail" safe>
                {t.label.historyExpires(formatDate(e.expiresAt, lang))}
              </p>
            ) : (
              ''
            )}
            {e.reason ? (
              <p class="history__detail">
                <span class="history__reason-label" safe>
                  {`${t.label.reason}${t.site.colon}`}
                </span>
                <span safe>{e.reason}</span>
              </p>
            ) : (
              ''
            )}
          </li>
        ))}
      </ol>
    </Block>
  );
}

function Security({ label, t, lang }: LabelPageProps) {
  const { security } = label;
  return (
    <Block id="security" title={t.label.security}>
      <dl class="facts">
        <Row term={t.label.supportEndsOn}>
          {security.supportEndsOn ? <DateText value={security.supportEndsOn} lang={lang} /> : <span safe>{t.label.supportUnknown}</span>}
        </Row>
        {security.isSupportEnded === null ? (
          ''
        ) : (
          <Row term={t.label.supportState}>
            <span class={['support', security.isSupportEnded ? 'support--ended' : 'support--ongoing']}>
              <Icon name={security.isSupportEnded ? 'ended' : 'ok'} />
              <span safe>{security.isSupportEnded ? t.label.supportEnded : t.label.supportOngoing}</span>
            </span>
          </Row>
        )}
      </dl>
      <SecurityDetails label={label} t={t} lang={lang} />
    </Block>
  );
}

function Contact({ label, t }: LabelPageProps) {
  const { contact } = label;
  return (
    <Block id="contact" title={t.label.contact}>
      <dl class="facts">
        <Row term={t.label.vulnerabilityReport}>{contact.vulnerabilityReport ? <ContactLink value={contact.vulnerabilityReport} /> : <NotProvided t={t} />}</Row>
        <Row term={t.label.disclosurePolicy}>
          {contact.disclosurePolicyUrl ? <ExternalLink value={contact.disclosurePolicyUrl} /> : <NotProvided t={t} />}
        </Row>
      </dl>
    </Block>
  );
}

/** Whether the label counts for UK PSTI today (deemed compliance, SI 2025/1267), and why. */
function UkPsti({ label, t, lang, uk }: LabelPageProps) {
  if (!uk) return '';
  const base = labelPath(label.registrationNumber);
  return (
    <section class="uk-block" id="uk-psti" aria-labelledby="uk-psti-heading" data-recognised={String(uk.recognised)}>
      <h2 class="block__heading" id="uk-psti-heading" safe>
        {t.uk.heading}
      </h2>
      <p class={['uk-answer', uk.recognised ? 'uk-answer--yes' : 'uk-answer--no']}>
        <Icon name={uk.recognised ? 'ok' : 'revoked'} />
        <span safe>{uk.recognised ? t.uk.counts : t.uk.notCounts}</span>
      </p>
      <p class="muted" safe>
        {t.uk.asOf(formatDate(uk.date, lang))}
      </p>
      <p safe>{t.uk.basis}</p>
      <h3 class="subheading" safe>
        {t.uk.reasons}
      </h3>
      <ul class="uk-reasons" lang={lang === 'en' ? undefined : 'en'}>
        {uk.reasons.map((r) => (
          <li safe>{r}</li>
        ))}
      </ul>
      <p class="page-links">
        <a href={`${base}/uk-psti`} hreflang="en" safe>
          {t.uk.checkLink}
        </a>
        {uk.recognised && label.level === 1 && label.status === 'valid' ? (
          <a href={`${base}/uk-psti.pdf`} type="application/pdf" hreflang="en" safe>
            {t.uk.documentLink}
          </a>
        ) : (
          ''
        )}
      </p>
    </section>
  );
}

export function LabelMain(props: LabelPageProps) {
  const { label, t, lang } = props;
  const name = pick(label.product.name, lang);
  const vendor = pick(label.vendor.name, lang);
  return (
    <>
      <StatusBanner label={label} t={t} lang={lang} />
      <ExampleNotice label={label} t={t} />
      <Warnings label={label} t={t} lang={lang} />
      <div class="product-head">
        <p class="product-head__eyebrow">
          <span class="mono nowrap" safe>
            {label.registrationNumber}
          </span>
        </p>
        <h1 class="page-title" lang={name?.lang === lang ? undefined : name?.lang} safe>
          {name?.text ?? label.registrationNumber}
        </h1>
        <p class="product-head__vendor" lang={vendor?.lang === lang ? undefined : vendor?.lang} safe>
          {vendor?.text ?? ''}
        </p>
        <p class="product-head__summary">
          <LevelMark level={label.level} t={t} />
          <StatusBadge status={label.status} t={t} />
          <span class="product-head__expiry">
            <span safe>{`${t.label.expiresOn}${t.site.colon}`}</span>
            <DateText value={label.expiresAt} lang={lang} />
          </span>
        </p>
      </div>
      <div class="blocks">
        <Supplier {...props} />
        <Product {...props} />
        <LabelInfo {...props} />
        <Security {...props} />
        <Contact {...props} />
        <UkPsti {...props} />
        <Timeline label={label} t={t} lang={lang} />
        <SubscribeForm label={label} t={t} lang={lang} />
      </div>
      <p class="page-links">
        <a href="/" safe>
          {`« ${t.label.backToSearch}`}
        </a>
        <a href={`/api/v1/labels/${encodeURIComponent(label.registrationNumber)}`} type="application/json" safe>
          {t.label.jsonLink}
        </a>
      </p>
    </>
  );
}
