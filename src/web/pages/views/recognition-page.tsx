/**
 * `/recognition`: the ★1 requirements beside the three UK PSTI requirements, joined by the ETSI
 * EN 303 645 provisions both map to, and every recognition rule of the catalogue. Generated from
 * the catalogue data only; every text carries its source flag (our paraphrase, official, pending).
 */
import type { Catalog } from '../../../catalog/load-catalog.ts';
import type { LocalizedText, RecognitionFile } from '../../../catalog/catalog.schema.ts';
import { matchRequirements } from '../../../app/recognition/psti-document.ts';
import { formatDate } from '../format.ts';
import type { Lang, Messages } from '../i18n/index.ts';
import { ExternalLink } from './components.tsx';

export interface RecognitionPageProps {
  t: Messages;
  lang: Lang;
  catalog: Catalog;
}

const PSTI = 'uk-psti';

function SourceFlag({ text, t }: { text: LocalizedText; t: Messages }) {
  return (
    <span class={['source-flag', `source-flag--${text.source}`]} safe>
      {t.recognition.source[text.source]}
    </span>
  );
}

function schemeName(catalog: Catalog, id: string, lang: Lang): string {
  return catalog.schemes.get(id)?.name[lang] ?? id;
}

/** The title of a requirement id of a rule's target (a scheme's own or a criteria document's). */
function requirementTitle(catalog: Catalog, rule: RecognitionFile, id: string, lang: Lang): string | undefined {
  const criteria = rule.target.criteria ? catalog.criteria.get(rule.target.criteria) : undefined;
  const fromCriteria = criteria?.requirements.find((r) => r.id === id)?.title[lang];
  return fromCriteria ?? catalog.schemes.get(rule.target.scheme)?.requirements.find((r) => r.id === id)?.title[lang];
}

function side(catalog: Catalog, ref: RecognitionFile['source'], t: Messages, lang: Lang): string {
  const name = schemeName(catalog, ref.scheme, lang);
  const withLevel = ref.level ? t.recognition.levelOf(name, ref.level) : name;
  return ref.criteria ? `${withLevel} (${ref.criteria})` : withLevel;
}

function Mapping({ t, lang, catalog }: RecognitionPageProps) {
  const criteria = catalog.currentCriteria(1);
  if (!criteria) return '';
  const psti = catalog.schemes.get(PSTI)?.requirements ?? [];
  const matches = matchRequirements(catalog, PSTI, criteria.id, lang);
  return (
    <>
      <section class="block" id="mapping" aria-labelledby="mapping-heading">
        <h2 class="block__heading" id="mapping-heading" safe>
          {t.recognition.mappingHeading(criteria.id)}
        </h2>
        <div class="table-scroll">
          <table class="data-table mapping-table">
            <thead>
              <tr>
                <th scope="col" safe>{t.recognition.colRequirement}</th>
                <th scope="col" safe>{t.recognition.colEtsi}</th>
                <th scope="col" safe>{t.recognition.colPsti}</th>
              </tr>
            </thead>
            <tbody>
              {criteria.requirements.map((r) => {
                const linked = psti.filter((p) => p.etsiProvisions.some((e) => r.etsiProvisions.includes(e)));
                return (
                  <tr data-requirement={r.id}>
                    <th scope="row">
                      <span class="mono nowrap" safe>{r.id}</span> <span safe>{r.title[lang]}</span> <SourceFlag text={r.title} t={t} />
                    </th>
                    <td class="mono">
                      {r.etsiProvisions.length ? <span safe>{r.etsiProvisions.join(', ')}</span> : <span class="muted" safe>{t.recognition.noEtsi}</span>}
                    </td>
                    <td>
                      {linked.length ? <span safe>{linked.map((p) => `${p.id} ${p.title[lang]}`).join(' / ')}</span> : <span class="muted" safe>{t.recognition.noPsti}</span>}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>
      <section class="block" id="psti" aria-labelledby="psti-heading">
        <h2 class="block__heading" id="psti-heading" safe>
          {t.recognition.pstiHeading}
        </h2>
        <div class="table-scroll">
          <table class="data-table mapping-table">
            <thead>
              <tr>
                <th scope="col" safe>{t.recognition.colPstiRequirement}</th>
                <th scope="col" safe>{t.recognition.colEtsi}</th>
                <th scope="col" safe>{t.recognition.colMetBy}</th>
              </tr>
            </thead>
            <tbody>
              {psti.map((p) => (
                <tr data-requirement={p.id}>
                  <th scope="row">
                    <span class="mono nowrap" safe>{p.id}</span> <span safe>{p.title[lang]}</span> <SourceFlag text={p.title} t={t} />
                    <p class="mapping-table__summary" safe>{p.summary[lang]}</p>
                  </th>
                  <td class="mono" safe>{p.etsiProvisions.join(', ')}</td>
                  <td safe>{(matches.find((m) => m.id === p.id)?.metBy ?? []).map((m) => `${m.id} ${m.title}`).join(' / ') || t.recognition.noPsti}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}

function Rule({ rule, t, lang, catalog }: RecognitionPageProps & { rule: RecognitionFile }) {
  const r = t.recognition;
  const effective = rule.effectiveUntil
    ? r.effectiveRange(formatDate(rule.effectiveFrom, lang), formatDate(rule.effectiveUntil, lang))
    : r.effectiveFrom(formatDate(rule.effectiveFrom, lang));
  return (
    <article class="rule" id={`rule-${rule.id}`} data-rule={rule.id} data-status={rule.status} aria-labelledby={`rule-${rule.id}-heading`}>
      <h3 class="rule__title" id={`rule-${rule.id}-heading`}>
        <span safe>{rule.title[lang]}</span> <SourceFlag text={rule.title} t={t} />
      </h3>
      <p class={['rule__status', `rule__status--${rule.status}`]} safe>
        {rule.status === 'confirmed' ? r.statusConfirmed : r.statusTermsNotPublic}
      </p>
      <dl class="facts">
        <div class="facts__row">
          <dt safe>{r.sourceCert}</dt>
          <dd safe>{side(catalog, rule.source, t, lang)}</dd>
        </div>
        <div class="facts__row">
          <dt safe>{r.target}</dt>
          <dd safe>{side(catalog, rule.target, t, lang)}</dd>
        </div>
        <div class="facts__row">
          <dt safe>{r.agreement}</dt>
          <dd>
            <span safe>{rule.agreement.name[lang]}</span>
            {rule.agreement.signedOn ? <span class="muted" safe>{` (${r.signedOn}${t.site.colon}${formatDate(rule.agreement.signedOn, lang)})`}</span> : ''}
          </dd>
        </div>
        {rule.agreement.legalBasis ? (
          <div class="facts__row">
            <dt safe>{r.legalBasis}</dt>
            <dd safe>{rule.agreement.legalBasis[lang]}</dd>
          </div>
        ) : (
          ''
        )}
        <div class="facts__row">
          <dt safe>{r.effective}</dt>
          <dd safe>{effective}</dd>
        </div>
        {rule.route ? (
          <div class="facts__row">
            <dt safe>{r.route}</dt>
            <dd class="mono" safe>{rule.route}</dd>
          </div>
        ) : (
          ''
        )}
        <div class="facts__row">
          <dt safe>{r.recognised}</dt>
          <dd>
            <ul class="rule__list">
              {rule.recognizedRequirements.map((id) => (
                <li>
                  <span class="mono nowrap" safe>{id}</span> <span safe>{requirementTitle(catalog, rule, id, lang) ?? ''}</span>
                </li>
              ))}
            </ul>
          </dd>
        </div>
        <div class="facts__row">
          <dt safe>{r.conditions}</dt>
          <dd>
            <ul class="rule__list">
              {rule.conditions.map((c) => (
                <li>
                  <span safe>{c.text[lang]}</span> <SourceFlag text={c.text} t={t} />
                </li>
              ))}
            </ul>
          </dd>
        </div>
        {rule.agreement.url ? (
          <div class="facts__row">
            <dt safe>{r.moreInfo}</dt>
            <dd>
              <ExternalLink value={rule.agreement.url} />
            </dd>
          </div>
        ) : (
          ''
        )}
      </dl>
    </article>
  );
}

export function RecognitionMain(props: RecognitionPageProps) {
  const { t } = props;
  const rules = [...props.catalog.recognitions.values()].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom) || a.id.localeCompare(b.id));
  return (
    <>
      <div class="intro">
        <h1 class="page-title" safe>
          {t.recognition.title}
        </h1>
        <p class="lede" safe>
          {t.recognition.lede}
        </p>
        <p class="notice" id="paraphrase-note" safe>
          {t.recognition.paraphraseNote}
        </p>
      </div>
      <div class="blocks">
        <Mapping {...props} />
        <section class="block" id="rules" aria-labelledby="rules-heading">
          <h2 class="block__heading" id="rules-heading" safe>
            {t.recognition.rulesHeading}
          </h2>
          <p class="muted" safe>
            {t.recognition.rulesNote}
          </p>
          {rules.map((rule) => (
            <Rule {...props} rule={rule} />
          ))}
        </section>
      </div>
    </>
  );
}
