/**
 * How a page leaves the server: the layout around it, the security and caching headers, and the
 * HTML error pages. Every HTML response of the pages plugin goes through `sendPage`.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Children } from '@kitajs/html';
import Negotiator from 'negotiator';
import { LANG_COOKIE, type Locale } from './locale.ts';
import { Layout } from './views/layout.tsx';
import { ErrorMain } from './views/error-page.tsx';
import { cleanSearchText } from './search-query.ts';

export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
/** Pages differ by the negotiated type and language, and the language cookie. */
export const PAGE_VARY = 'Accept, Accept-Language, Cookie';
export const PAGE_CACHE_CONTROL = 'public, max-age=60';

export interface PageEnv {
  cssHref: string;
  schemeUrl: string;
}

export interface PageOptions {
  title: string;
  description?: string;
  /** The URL of this page in the other language. */
  switchHref: string;
  jsonHref?: string;
  status?: number;
  cacheControl?: string;
}

/** Whether the client asked for JSON rather than HTML (Accept with q-values; ties go to HTML). */
export function prefersJson(request: FastifyRequest): boolean {
  return new Negotiator(request).mediaType(['text/html', 'application/json']) === 'application/json';
}

/** `path` plus the query string with `lang` set; a path that could leave the site becomes `/`. */
export function withLang(pathAndQuery: string, lang: string): string {
  const cut = pathAndQuery.indexOf('?');
  const rawPath = cut === -1 ? pathAndQuery : pathAndQuery.slice(0, cut);
  const query = cut === -1 ? '' : pathAndQuery.slice(cut + 1);
  const path = rawPath.startsWith('/') ? `/${rawPath.replace(/^[/\\]+/, '')}` : '/';
  const params = new URLSearchParams(query);
  params.set(LANG_COOKIE, lang);
  return `${path}?${params.toString()}`;
}

/** The full HTML document of a page. */
export async function renderPage(env: PageEnv, locale: Locale, options: PageOptions, main: Children): Promise<string> {
  return (
    <Layout
      lang={locale.lang}
      t={locale.t}
      title={options.title}
      description={options.description}
      cssHref={env.cssHref}
      schemeUrl={env.schemeUrl}
      switchHref={options.switchHref}
      jsonHref={options.jsonHref}
    >
      {main}
    </Layout>
  );
}

/** Sends rendered HTML with the page headers (and an ETag when given). */
export function sendRenderedPage(reply: FastifyReply, locale: Locale, html: string | Buffer, options: Pick<PageOptions, 'status' | 'cacheControl'> & { etag?: string } = {}): FastifyReply {
  // A response that sets the language cookie must not be shared through a cache.
  const cacheControl = locale.isCookieSet ? 'private, max-age=0' : (options.cacheControl ?? PAGE_CACHE_CONTROL);
  if (options.etag) reply.header('etag', options.etag);
  return reply
    .code(options.status ?? 200)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', cacheControl)
    .header('vary', PAGE_VARY)
    .send(html);
}

export async function sendPage(reply: FastifyReply, env: PageEnv, locale: Locale, options: PageOptions, main: Children): Promise<FastifyReply> {
  return sendRenderedPage(reply, locale, await renderPage(env, locale, options, main), options);
}

export type ErrorKind = 'not-found' | 'label-not-found' | 'label-malformed' | 'bad-request' | 'too-many' | 'server-error';

const STATUS: Record<ErrorKind, number> = {
  'not-found': 404,
  'label-not-found': 404,
  'label-malformed': 404,
  'bad-request': 400,
  'too-many': 429,
  'server-error': 500,
};

/** Renders an error page for people. `typed` is what the visitor typed (prefills the search box). */
export async function sendErrorPage(
  request: FastifyRequest,
  reply: FastifyReply,
  env: PageEnv,
  locale: Locale,
  kind: ErrorKind,
  typed = '',
): Promise<FastifyReply> {
  const { t } = locale;
  const shown = cleanSearchText(typed).text;
  const content: Record<ErrorKind, { title: string; paragraphs: string[] }> = {
    'not-found': { title: t.errors.notFoundTitle, paragraphs: [t.errors.notFoundBody] },
    'label-not-found': { title: t.errors.labelNotFoundTitle, paragraphs: [t.errors.labelNotFoundBody(shown), t.errors.labelHint] },
    'label-malformed': { title: t.errors.labelNotFoundTitle, paragraphs: [t.errors.labelMalformedBody(shown), t.errors.labelHint] },
    'bad-request': { title: t.errors.badRequestTitle, paragraphs: [t.errors.badRequestBody] },
    'too-many': { title: t.errors.tooManyTitle, paragraphs: [t.errors.tooManyBody] },
    'server-error': { title: t.errors.serverErrorTitle, paragraphs: [t.errors.serverErrorBody] },
  };
  const { title, paragraphs } = content[kind];
  const status = STATUS[kind];
  return sendPage(
    reply,
    env,
    locale,
    {
      title,
      status,
      switchHref: withLang(request.url, locale.t.site.otherLanguageCode),
      cacheControl: status >= 500 || status === 429 ? 'no-store' : 'public, max-age=60',
    },
    <ErrorMain t={t} lang={locale.lang} title={title} paragraphs={paragraphs} q={shown} requestId={status >= 500 ? request.id : undefined} />,
  );
}
