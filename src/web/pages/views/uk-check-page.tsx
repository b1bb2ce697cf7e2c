/**
 * `/labels/:registrationNumber/uk-psti?date=YYYY-MM-DD`: for a UK importer or an OPSS officer, in
 * plain English only (this page is for the UK): does the label count for PSTI on a date (deemed
 * compliance, SI 2025/1267), why, the label facts, the legal basis, the three requirements and how
 * they are met, and the conditions. A GET form changes the date; no script.
 */
import type { PublicLabel } from '../../../app/labels/public-label.ts';
import type { RecognitionAnswer } from '../../../app/recognition/check-recognition.ts';
import type { RequirementMatch } from '../../../app/recognition/psti-document.ts';
import { formatDate } from '../format.ts';
import type { Messages } from '../i18n/index.ts';
import { ContactLink, DateText, ExternalLink, Icon, LevelMark, StatusBadge } from './components.tsx';
import { labelPath } from './label-page.tsx';

export interface UkCheckPageProps {
  t: Messages;
  label: PublicLabel;
  answer: RecognitionAnswer;
  /** The date asked for (YYYY-MM-DD, JST) as shown in the form. */
  date: string;
  /** True when `?date=` was given but was not a date; the answer is then for today. */
  isDateInvalid: boolean;
  requirements: Array<RequirementMatch & { summary: string }>;
  legalBasisUrl: string | null;
}

function Fact({ term, children }: { term: string; children: JSX.Element | string }) {
  return (
    <div class="facts__row">
      <dt safe>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

export function UkCheckMain({ t, label, answer, date, isDateInvalid, requirements, legalBasisUrl }: UkCheckPageProps) {
  const base = labelPath(label.registrationNumber);
  const shownDate = formatDate(answer.date, 'en');
  const product = label.product.name.en || label.product.name.ja;
  const vendor = label.vendor.name.en || label.vendor.name.ja;
  return (
    <>
      <div class="intro">
        <p class="product-head__eyebrow">
          <span class="mono nowrap" safe>
            {label.registrationNumber}
          </span>
        </p>
        <h1 class="page-title" safe>
          {`UK PSTI check: ${product}`}
        </h1>
        <p class="lede" safe>
          {`Does the JC-STAR label of this product by ${vendor} count as compliance with the UK Product Security and Telecommunications Infrastructure (PSTI) regime on a given date? Under SI 2025/1267 it does while the ★1 label is current, so check it at the time of supply.`}
        </p>
      </div>
      <form class="search date-form" method="get" action={`${base}/uk-psti`}>
        <div class="field">
          <label class="field__label" for="date">
            Date of supply
          </label>
          <span class="field__hint" id="date-hint">
            The whole day in Japan time (JST). Leave as is for today.
          </span>
          <input class="input date-form__input" type="date" id="date" name="date" value={date} aria-describedby="date-hint" required />
        </div>
        <div class="search__actions">
          <button class="button button--primary" type="submit">
            Check
          </button>
        </div>
      </form>
      {isDateInvalid ? (
        <p class="notice" role="status">
          That was not a date (use YYYY-MM-DD), so the answer is for today.
        </p>
      ) : (
        ''
      )}
      <div class="blocks">
        <section class={['uk-block', 'uk-verdict']} id="answer" aria-labelledby="answer-heading" data-recognised={String(answer.recognised)}>
          <h2 class="block__heading" id="answer-heading">
            Answer
          </h2>
          <p class={['uk-answer', answer.recognised ? 'uk-answer--yes' : 'uk-answer--no']}>
            <Icon name={answer.recognised ? 'ok' : 'revoked'} />
            <span safe>{answer.recognised ? `Counts for UK PSTI on ${shownDate}` : `Does not count for UK PSTI on ${shownDate}`}</span>
          </p>
          <h3 class="subheading">
            Why
          </h3>
          <ul class="uk-reasons">
            {answer.reasons.map((r) => (
              <li safe>{r}</li>
            ))}
          </ul>
        </section>
        <section class="uk-block" id="label-facts" aria-labelledby="label-facts-heading">
          <h2 class="block__heading" id="label-facts-heading">
            The label today
          </h2>
          <dl class="facts">
            <Fact term="Registration number">
              <span class="mono nowrap" safe>{label.registrationNumber}</span>
            </Fact>
            <Fact term="Level">
              <LevelMark level={label.level} t={t} />
            </Fact>
            <Fact term="Status">
              <StatusBadge status={label.status} t={t} />
            </Fact>
            <Fact term="Issued on">
              <DateText value={label.issuedAt} lang="en" />
            </Fact>
            <Fact term="Expires on">
              <DateText value={label.expiresAt} lang="en" />
            </Fact>
            <Fact term="Criteria">
              <span safe>{`${label.criteria.id} (version ${label.criteria.version})`}</span>
            </Fact>
            <Fact term="Manufacturer">
              <span safe>{vendor}</span>
            </Fact>
            <Fact term="Model numbers">
              <span safe>{label.product.modelNumbers.join(', ')}</span>
            </Fact>
            <Fact term="Support period ends">
              {label.security.supportEndsOn ? <DateText value={label.security.supportEndsOn} lang="en" /> : <span class="muted">Not published</span>}
            </Fact>
            <Fact term="Report security issues to">
              {label.contact.vulnerabilityReport ? <ContactLink value={label.contact.vulnerabilityReport} /> : <span class="muted">Not provided</span>}
            </Fact>
          </dl>
        </section>
        <section class="uk-block" id="legal-basis" aria-labelledby="legal-basis-heading">
          <h2 class="block__heading" id="legal-basis-heading">
            Legal basis
          </h2>
          <p safe>
            {`${answer.rule?.legalBasis ?? 'UK SI 2025/1267 (regulation 4A, Schedule 2A)'}: a product with a current, unexpired JC-STAR ★1 label under criteria JST-CR-01-01-2024R1 is deemed to comply with the three PSTI security requirements, and the label stands in for the statement of compliance. Arrangement: ${answer.rule?.agreement ?? 'Japan–UK mutual recognition arrangement'}.`}
          </p>
          {legalBasisUrl ? (
            <p>
              <ExternalLink value={legalBasisUrl} />
            </p>
          ) : (
            ''
          )}
        </section>
        <section class="uk-block" id="requirements" aria-labelledby="requirements-heading">
          <h2 class="block__heading" id="requirements-heading">
            The three PSTI requirements and how they are met
          </h2>
          <ol class="uk-requirements">
            {requirements.map((r) => (
              <li data-requirement={r.id}>
                <p class="uk-requirements__title" safe>{`${r.id} ${r.title} (ETSI EN 303 645 ${r.etsiProvisions.join(', ')})`}</p>
                <p safe>{r.summary}</p>
                <p class="muted" safe>
                  {`Met by the ★1 label under ${label.criteria.id}${r.metBy.length ? `: ${r.metBy.map((m) => `${m.id} ${m.title}`).join('; ')}` : ''}.`}
                </p>
              </li>
            ))}
          </ol>
          <p class="muted">
            Requirement texts are this registry’s paraphrases, not the legal text.
          </p>
        </section>
        <section class="uk-block" id="conditions" aria-labelledby="conditions-heading">
          <h2 class="block__heading" id="conditions-heading">
            Conditions
          </h2>
          <ul class="rule__list">
            {(answer.rule?.conditions ?? []).map((c) => (
              <li safe>{c.text}</li>
            ))}
          </ul>
        </section>
      </div>
      <p class="page-links">
        <a href={base}>
          {`« Product page`}
        </a>
        {label.status === 'valid' && label.level === 1 ? (
          <a href={`${base}/uk-psti.pdf`} type="application/pdf">
            PSTI document (PDF)
          </a>
        ) : (
          ''
        )}
        <a href={`/api/v1/labels/${encodeURIComponent(label.registrationNumber)}/recognitions/uk-psti?at=${answer.date}`} type="application/json">
          This answer as JSON
        </a>
      </p>
    </>
  );
}
