/**
 * The live security information on the product page: derived warnings at the top, the security
 * block (support period with every declaration, vulnerabilities with VEX status, updates, the
 * vendor's security.txt), the timeline, and the e-mail subscription form.
 */
import type { PublicLabel } from '../../../app/labels/public-label.ts';
import { SUBSCRIBABLE_EVENT_TYPES } from '../../../app/security-info/notification-events.ts';
import type { TimelineEntry } from '../../../app/security-info/security-information.ts';
import type { SecurityWarning } from '../../../domain/security-warnings.ts';
import { formatDate } from '../format.ts';
import type { Lang, Messages } from '../i18n/index.ts';
import { ContactLink, DateText, ExternalLink, Icon } from './components.tsx';

/** Message keys cannot hold dots (the catalogue is addressed by dotted paths): `label.issued` → `label_issued`. */
const messageKey = (type: string) => type.replace(/\./g, '_');

interface Props {
  label: PublicLabel;
  t: Messages;
  lang: Lang;
}

function warningText(w: SecurityWarning, t: Messages, lang: Lang): string {
  const f = w.facts;
  const date = (v: unknown) => (typeof v === 'string' ? formatDate(v, lang) : '—');
  switch (w.code) {
    case 'support_ended': return t.sec.warning.support_ended(date(f.supportEndsOn));
    case 'support_ends_before_label_expiry': return t.sec.warning.support_ends_before_label_expiry(date(f.supportEndsOn), date(f.labelExpiresAt));
    case 'unfixed_vulnerability': return t.sec.warning.unfixed_vulnerability(String(f.cve ?? '—'), Number(f.days));
    case 'label_expiring': return t.sec.warning.label_expiring(date(f.expiresAt), Number(f.daysLeft));
    case 'security_txt_expired': return t.sec.warning.security_txt_expired(date(f.expiresAt));
  }
}

export function Warnings({ label, t, lang }: Props) {
  const warnings = label.security.warnings ?? [];
  if (!warnings.length) return '';
  return (
    <section class="notice" aria-labelledby="warnings-heading" data-warnings={warnings.map((w) => w.code).join(' ')}>
      <h2 class="notice__heading" id="warnings-heading" safe>
        {t.sec.warningsHeading}
      </h2>
      <ul class="notice__list">
        {warnings.map((w) => (
          <li data-code={w.code} safe>
            {warningText(w, t, lang)}
          </li>
        ))}
      </ul>
    </section>
  );
}

function SupportHistory({ label, t, lang }: Props) {
  const history = label.security.supportHistory ?? [];
  if (history.length < 2) return '';
  return (
    <>
      <h3 class="subheading" safe>
        {t.sec.supportHistory}
      </h3>
      <ol class="plain-list">
        {history.map((d) => (
          <li>
            <strong safe>{t.sec.supportUntil(formatDate(d.endsOn, lang))}</strong>{' '}
            <span class="muted" safe>{`(${t.sec.declaredOn(formatDate(d.declaredAt, lang))})`}</span>
            {d.note ? <span safe>{` ${d.note}`}</span> : ''}
          </li>
        ))}
      </ol>
    </>
  );
}

function Vulnerabilities({ label, t, lang }: Props) {
  const vulns = label.security.vulnerabilities ?? [];
  return (
    <>
      <h3 class="subheading" id="vulnerabilities-heading" safe>
        {t.sec.vulnerabilitiesHeading}
      </h3>
      {vulns.length === 0 ? (
        <p safe>{t.sec.noVulnerabilities}</p>
      ) : (
        <div class="table-scroll">
          <table class="data-table" aria-labelledby="vulnerabilities-heading">
            <thead>
              <tr>
                <th scope="col" safe>{t.sec.cve}</th>
                <th scope="col" safe>{t.sec.severity}</th>
                <th scope="col" safe>{t.sec.vexStatus}</th>
                <th scope="col" safe>{t.sec.details}</th>
              </tr>
            </thead>
            <tbody>
              {vulns.map((v) => (
                <tr data-status={v.status}>
                  <td class="mono nowrap" safe>{v.cve ?? '—'}</td>
                  <td class="nowrap">{v.cvss ? `${v.cvss.baseScore.toFixed(1)}${v.cvss.severity ? ` ${v.cvss.severity}` : ''}` : '—'}</td>
                  <td>
                    <span class={['vex', `vex--${v.status}`]} safe>{t.sec.status[v.status] ?? v.status}</span>
                    {v.justification ? <span class="muted block-text" safe>{t.sec.justification[v.justification] ?? v.justification}</span> : ''}
                  </td>
                  <td>
                    {v.title ? <span class="block-text" safe>{v.title}</span> : ''}
                    {v.remediations.map((r) => (
                      <span class="block-text">
                        <strong safe>{`${t.sec.remediation[r.category] ?? r.category}: `}</strong>
                        <span safe>{r.details}</span>
                        {r.url ? <> <ExternalLink value={r.url} /></> : ''}
                      </span>
                    ))}
                    <span class="muted block-text" safe>{t.sec.advisory(v.advisory.trackingId, formatDate(v.advisory.currentReleaseDate, lang))}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function Updates({ label, t, lang }: Props) {
  const updates = label.security.updates ?? [];
  return (
    <>
      <h3 class="subheading" safe>
        {t.sec.updatesHeading}
      </h3>
      {updates.length === 0 ? (
        <p safe>{t.sec.noUpdates}</p>
      ) : (
        <ul class="plain-list">
          {updates.map((u) => {
            const notes = u.notes[lang] ?? u.notes[lang === 'ja' ? 'en' : 'ja'];
            return (
              <li>
                <strong class="mono" safe>{u.version}</strong> <DateText value={u.releasedOn} lang={lang} />
                {notes ? <span class="block-text" safe>{notes}</span> : ''}
                {u.url ? <span class="block-text"><ExternalLink value={u.url} /></span> : ''}
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}

function SecurityTxt({ label, t, lang }: Props) {
  const txt = label.security.securityTxt;
  if (!txt) return '';
  return (
    <>
      <h3 class="subheading" safe>
        {t.sec.securityTxtHeading}
      </h3>
      <ul class="plain-list" data-expired={String(txt.expired)}>
        {txt.contact.map((c) => <li><ContactLink value={c} /></li>)}
        {txt.policy.map((p) => <li><ExternalLink value={p} /></li>)}
        {txt.expiresAt ? (
          <li class={txt.expired ? 'support--ended' : 'muted'} safe>
            {`${t.sec.securityTxtExpires(formatDate(txt.expiresAt, lang))}${txt.expired ? ` (${t.sec.securityTxtExpired})` : ''}`}
          </li>
        ) : (
          ''
        )}
      </ul>
    </>
  );
}

/** The body of the security block: support, then what changes after issue. */
export function SecurityDetails(props: Props) {
  return (
    <>
      <SupportHistory {...props} />
      <Vulnerabilities {...props} />
      <Updates {...props} />
      <SecurityTxt {...props} />
    </>
  );
}

function timelineDetail(e: TimelineEntry, t: Messages, lang: Lang): string {
  const s = e.summary;
  if (e.type === 'support.declared' || e.type === 'support.extended') return t.sec.supportUntil(formatDate(String(s.supportEndsOn), lang));
  if (e.type === 'update.released') return String(s.version ?? '');
  if (e.type === 'advisory.published') return [s.trackingId, s.title, s.cves].filter(Boolean).join(' · ');
  return typeof s.reason === 'string' ? s.reason : '';
}

export function Timeline({ label, t, lang }: Props) {
  const timeline = label.timeline ?? [];
  if (!timeline.length) return '';
  return (
    <section class="block" id="timeline" aria-labelledby="timeline-heading">
      <h2 class="block__heading" id="timeline-heading" safe>
        {t.sec.timelineHeading}
      </h2>
      <p class="muted" safe>{t.sec.timelineLede}</p>
      <ol class="history">
        {timeline.map((e) => (
          <li class="history__item" data-type={e.type}>
            <p class="history__head">
              <DateText value={e.at} lang={lang} />
              <span class="history__event" safe>{t.sec.timeline[messageKey(e.type)] ?? e.type}</span>
            </p>
            {timelineDetail(e, t, lang) ? <p class="history__detail" safe>{timelineDetail(e, t, lang)}</p> : ''}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** A plain HTML form (no script): posts to /subscriptions, which answers with a "check your mail" page. */
export function SubscribeForm({ label, t, lang }: Props) {
  const chosen = new Set(['label.suspended', 'label.revoked', 'label.expired', 'advisory.published', 'support.ended']);
  return (
    <section class="block" id="subscribe" aria-labelledby="subscribe-heading">
      <h2 class="block__heading" id="subscribe-heading" safe>
        {t.sec.subscribeHeading}
      </h2>
      <p safe>{t.sec.subscribeLede}</p>
      <form class="subscribe" method="post" action="/subscriptions">
        <input type="hidden" name="registrationNumber" value={label.registrationNumber} />
        <input type="hidden" name="lang" value={lang} />
        <label class="subscribe__field">
          <span safe>{t.sec.email}</span>
          <input type="email" name="email" required autocomplete="email" maxlength="320" />
        </label>
        <fieldset class="subscribe__events">
          <legend safe>{t.sec.eventsLegend}</legend>
          {SUBSCRIBABLE_EVENT_TYPES.map((type) => (
            <label class="subscribe__event">
              <input type="checkbox" name="events" value={type} checked={chosen.has(type)} /> <span safe>{t.sec.events[messageKey(type)] ?? type}</span>
            </label>
          ))}
        </fieldset>
        <button class="button button--primary" type="submit">
          <Icon name="ok" /> <span safe>{t.sec.subscribe}</span>
        </button>
        <p class="muted" safe>{t.sec.webhookHint}</p>
      </form>
    </section>
  );
}
