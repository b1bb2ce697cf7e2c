/** Error pages for people (404, 400, 500): a plain explanation and a way on, never a stack trace. */
import type { Lang, Messages } from '../i18n/index.ts';
import { SearchForm } from './components.tsx';

export interface ErrorPageProps {
  t: Messages;
  lang: Lang;
  title: string;
  /** Paragraphs of explanation (plain text). */
  paragraphs: string[];
  /** Prefill for the search box. */
  q: string;
  requestId?: string;
}

export function ErrorMain(props: ErrorPageProps) {
  const { t } = props;
  return (
    <>
      <div class="intro">
        <h1 class="page-title" safe>
          {props.title}
        </h1>
        {props.paragraphs.map((p) => (
          <p class="lede" safe>
            {p}
          </p>
        ))}
        {props.requestId ? (
          <p class="muted">
            <span safe>{`${t.errors.requestId}${t.site.colon}`}</span>
            <code safe>{props.requestId}</code>
          </p>
        ) : (
          ''
        )}
      </div>
      <SearchForm
        t={t}
        lang={props.lang}
        state={{ q: props.q, level: undefined, status: undefined, category: undefined }}
        levels={[]}
        categories={[]}
        isCompact
        heading={t.errors.searchHeading}
      />
      <p class="page-links">
        <a href="/" safe>
          {`« ${t.errors.home}`}
        </a>
      </p>
    </>
  );
}
