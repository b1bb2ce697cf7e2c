/** Small building blocks shared by the pages: status badge, level mark, dates, links, search form. */
import type { Children } from '@kitajs/html';
import type { LabelStatus } from '../../../domain/label-status.ts';
import { contactHref, formatDate, httpUrl, isoDateJst } from '../format.ts';
import type { Lang, Messages } from '../i18n/index.ts';
import { LABEL_SORTS } from '../../../app/labels/list-public-labels.ts';
import type { SearchFilters } from '../search-query.ts';

/** Stroke icons (24×24); every one is decorative, the status is always also written out. */
const ICON_PATHS: Record<LabelStatus | 'ok' | 'ended', Children> = {
  valid: <polyline points="7.5 12.5 10.5 15.5 16.5 9" />,
  ok: <polyline points="7.5 12.5 10.5 15.5 16.5 9" />,
  expired: <polyline points="12 7 12 12 15.5 14" />,
  ended: <polyline points="12 7 12 12 15.5 14" />,
  suspended: (
    <>
      <line x1="10" y1="8.5" x2="10" y2="15.5" />
      <line x1="14" y1="8.5" x2="14" y2="15.5" />
    </>
  ),
  revoked: (
    <>
      <line x1="9" y1="9" x2="15" y2="15" />
      <line x1="15" y1="9" x2="9" y2="15" />
    </>
  ),
  withdrawn: <line x1="8" y1="12" x2="16" y2="12" />,
};

export function Icon({ name, class: className }: { name: keyof typeof ICON_PATHS; class?: string }) {
  return (
    <svg
      class={['icon', className]}
      viewBox="0 0 24 24"
      width="24"
      height="24"
      fill="none"
      stroke="currentColor"
      stroke-width="2.2"
      stroke-linecap="round"
      stroke-linejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <circle cx="12" cy="12" r="9.5" />
      {ICON_PATHS[name]}
    </svg>
  );
}

export function StatusBadge({ status, t }: { status: LabelStatus; t: Messages }) {
  return (
    <span class={['status', `status--${status}`]} data-status={status}>
      <Icon name={status} />
      <span class="status__text" safe>
        {t.status[status]}
      </span>
    </span>
  );
}

/** The level as the scheme writes it (★1), with a spoken form for screen readers. */
export function LevelMark({ level, t }: { level: number; t: Messages }) {
  return (
    <span class="level">
      <span aria-hidden="true" safe>
        {t.level.short(level)}
      </span>
      <span class="visually-hidden" safe>
        {t.level.long(level)}
      </span>
    </span>
  );
}

export function DateText({ value, lang }: { value: string; lang: Lang }) {
  return (
    <time datetime={isoDateJst(value)} safe>
      {formatDate(value, lang)}
    </time>
  );
}

/** A vendor-supplied URL: a link when it is http(s), otherwise plain text. */
export function ExternalLink({ value, lang }: { value: string; lang?: Lang }) {
  const href = httpUrl(value);
  if (!href) return <span class="break" safe>{value}</span>;
  return (
    <a class="break" href={href} rel="noopener noreferrer external" lang={lang} safe>
      {value}
    </a>
  );
}

/** A vulnerability contact: mailto: for e-mail addresses, a link for web addresses, else text. */
export function ContactLink({ value }: { value: string }) {
  const href = contactHref(value);
  if (!href) return <span class="break" safe>{value}</span>;
  const text = href.startsWith('mailto:') ? href.slice('mailto:'.length) : value;
  return (
    <a class="break" href={href} rel={href.startsWith('mailto:') ? undefined : 'noopener noreferrer external'} safe>
      {text}
    </a>
  );
}

export interface SearchFormProps {
  t: Messages;
  lang: Lang;
  state: SearchFilters;
  levels: readonly number[];
  categories: ReadonlyArray<{ id: string; name: { ja: string; en: string } }>;
  /** Only the keyword box (error pages). */
  isCompact?: boolean;
  heading: string;
}

export function SearchForm(props: SearchFormProps) {
  const { t, lang, state } = props;
  return (
    <section class="search" aria-labelledby="search-heading">
      <h2 id="search-heading" class="search__heading" safe>
        {props.heading}
      </h2>
      <form class="search__form" method="get" action="/" role="search">
        <div class="field field--q">
          <label class="field__label" for="q" safe>
            {t.home.q}
          </label>
          <p class="field__hint" id="q-hint" safe>
            {t.home.qHint}
          </p>
          <input
            class="input"
            type="search"
            id="q"
            name="q"
            value={state.q}
            maxlength="200"
            autocomplete="off"
            aria-describedby="q-hint"
          />
        </div>
        {props.isCompact ? (
          ''
        ) : (
          <div class="search__filters">
            <div class="field">
              <label class="field__label" for="level" safe>
                {t.home.level}
              </label>
              <select class="select" id="level" name="level">
                <option value="" safe>
                  {t.home.anyLevel}
                </option>
                {props.levels.map((level) => (
                  <option value={String(level)} selected={state.level === level} safe>
                    {t.level.long(level)}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label class="field__label" for="status" safe>
                {t.home.statusLabel}
              </label>
              <select class="select" id="status" name="status">
                <option value="" safe>
                  {t.home.anyStatus}
                </option>
                {(Object.keys(t.status) as LabelStatus[]).map((status) => (
                  <option value={status} selected={state.status === status} safe>
                    {t.status[status]}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label class="field__label" for="category" safe>
                {t.home.category}
              </label>
              <select class="select" id="category" name="category">
                <option value="" safe>
                  {t.home.anyCategory}
                </option>
                {props.categories.map((c) => (
                  <option value={c.id} selected={state.category === c.id} safe>
                    {c.name[lang]}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label class="field__label" for="sort" safe>
                {t.home.sort}
              </label>
              <select class="select" id="sort" name="sort">
                {LABEL_SORTS.map((sort) => (
                  <option value={sort === 'newest' ? '' : sort} selected={(state.sort ?? 'newest') === sort} safe>
                    {t.home.sortOptions[sort]}
                  </option>
                ))}
              </select>
            </div>
            <div class="field field--check">
              <input class="checkbox" type="checkbox" id="uk" name="uk" value="1" checked={Boolean(state.ukPsti)} />
              <label class="field__label" for="uk" safe>
                {t.home.ukPsti}
              </label>
            </div>
            {state.vendor ? <input type="hidden" name="vendor" value={state.vendor} /> : ''}
          </div>
        )}
        <div class="search__actions">
          <button class="button button--primary" type="submit" safe>
            {t.home.submit}
          </button>
          {props.isCompact ? (
            ''
          ) : (
            <a class="button-link" href="/" safe>
              {t.home.reset}
            </a>
          )}
        </div>
      </form>
    </section>
  );
}
