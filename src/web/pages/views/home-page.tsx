/** `/`: the search form and one page of results (適合ラベル取得製品リスト). */
import type { PublicLabelSummary } from '../../../app/labels/list-public-labels.ts';
import { pick } from '../format.ts';
import type { Lang, Messages } from '../i18n/index.ts';
import { SEARCH_TEXT_MAX, searchHref, type SearchState } from '../search-query.ts';
import { DateText, LevelMark, SearchForm, StatusBadge } from './components.tsx';

export interface HomePageProps {
  t: Messages;
  lang: Lang;
  state: SearchState;
  levels: readonly number[];
  categories: ReadonlyArray<{ id: string; name: { ja: string; en: string } }>;
  items: PublicLabelSummary[];
  total: number;
  /** A broad text search: more labels match than `total`. */
  isTotalLowerBound: boolean;
  nextCursor: string | null;
  /** The cursor could not be used: the first page is shown with a notice. */
  isCursorInvalid: boolean;
  pageSize: number;
}

function Notice({ text }: { text: string }) {
  return (
    <p class="notice" role="status">
      <svg class="icon notice__icon" viewBox="0 0 24 24" width="24" height="24" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" aria-hidden="true" focusable="false">
        <circle cx="12" cy="12" r="9.5" />
        <line x1="12" y1="11" x2="12" y2="16.5" />
        <line x1="12" y1="7.5" x2="12" y2="7.6" />
      </svg>
      <span safe>{text}</span>
    </p>
  );
}

function ResultItem({ item, t, lang, categoryName }: { item: PublicLabelSummary; t: Messages; lang: Lang; categoryName: string }) {
  const name = pick(item.product.name, lang);
  const vendor = pick(item.vendor.name, lang);
  const href = `/labels/${encodeURIComponent(item.registrationNumber)}`;
  return (
    <li class="result">
      <div class="result__head">
        <h3 class="result__title">
          <a href={href} lang={name?.lang === lang ? undefined : name?.lang} safe>
            {name?.text ?? item.registrationNumber}
          </a>
        </h3>
        <StatusBadge status={item.status} t={t} />
      </div>
      <p class="result__vendor">
        <a href={`/?vendor=${encodeURIComponent(item.vendor.id)}`} title={t.home.vendorLink} lang={vendor?.lang === lang ? undefined : vendor?.lang} safe>
          {vendor?.text ?? ''}
        </a>
      </p>
      <dl class="meta">
        <div class="meta__item">
          <dt safe>{t.home.registrationNumber}</dt>
          <dd class="mono nowrap" safe>
            {item.registrationNumber}
          </dd>
        </div>
        <div class="meta__item">
          <dt safe>{t.label.level}</dt>
          <dd>
            <LevelMark level={item.level} t={t} />
          </dd>
        </div>
        <div class="meta__item">
          <dt safe>{t.home.expiresOn}</dt>
          <dd>
            <DateText value={item.expiresAt} lang={lang} />
          </dd>
        </div>
        <div class="meta__item">
          <dt safe>{t.label.category}</dt>
          <dd safe>{categoryName}</dd>
        </div>
        <div class="meta__item">
          <dt safe>{t.home.modelNumbers}</dt>
          <dd safe>{t.home.modelCount(item.product.modelNumberCount)}</dd>
        </div>
      </dl>
    </li>
  );
}

export function HomeResults(props: HomePageProps) {
  const { t, lang, state, items, total, isTotalLowerBound } = props;
  const categoryName = (id: string) => props.categories.find((c) => c.id === id)?.name[lang] ?? id;
  const page = props.isCursorInvalid ? 1 : state.page;
  const from = (page - 1) * props.pageSize + 1;
  const to = from + items.length - 1;
  return (
    <section class="results" aria-labelledby="results-heading">
      <div class="results__head">
        <h2 id="results-heading" class="results__heading">
          <span safe>{t.home.resultsHeading}</span> <span class="results__total" safe>{t.home.total(total, isTotalLowerBound)}</span>
        </h2>
        {items.length > 0 && total > items.length ? (
          <p class="results__range" safe>
            {t.home.range(from, to, total, isTotalLowerBound)}
          </p>
        ) : (
          ''
        )}
      </div>
      {props.isCursorInvalid ? <Notice text={t.home.invalidCursor} /> : ''}
      {state.vendor ? (
        <p class="notice">
          <span safe>{t.home.vendorFilter}</span>{' '}
          <a href={searchHref(state, { vendor: '' })} safe>
            {t.home.clearVendor}
          </a>
        </p>
      ) : (
        ''
      )}
      {state.isQTruncated ? <Notice text={t.home.qTruncated(SEARCH_TEXT_MAX)} /> : ''}
      {items.length === 0 ? (
        <div class="empty">
          <p class="empty__title" safe>
            {t.home.empty}
          </p>
          <p safe>{t.home.emptyHint}</p>
        </div>
      ) : (
        <ol class="result-list" start={String(from)}>
          {items.map((item) => (
            <ResultItem item={item} t={t} lang={lang} categoryName={categoryName(item.product.category)} />
          ))}
        </ol>
      )}
      {props.nextCursor || page > 1 ? (
        <nav class="pager" aria-label={t.home.pagination}>
          {page > 1 ? (
            <a class="pager__link" href={searchHref(state)} safe>
              {`« ${t.home.firstPage}`}
            </a>
          ) : (
            ''
          )}
          {props.nextCursor ? (
            <a class="pager__link pager__link--next" rel="next" href={searchHref(state, { cursor: props.nextCursor, page: page + 1 })} safe>
              {`${t.home.nextPage} »`}
            </a>
          ) : (
            ''
          )}
        </nav>
      ) : (
        ''
      )}
    </section>
  );
}

export function HomeMain(props: HomePageProps) {
  const { t } = props;
  return (
    <>
      <div class="intro">
        <h1 class="page-title" safe>
          {t.home.title}
        </h1>
        <p class="lede" safe>
          {t.home.lede}
        </p>
      </div>
      <SearchForm t={t} lang={props.lang} state={props.state} levels={props.levels} categories={props.categories} heading={t.home.formHeading} />
      <HomeResults {...props} />
    </>
  );
}
