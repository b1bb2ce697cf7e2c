/**
 * Server-rendered public pages: the search and list at `/`, the product information page behind
 * each label's QR code at `/labels/:registrationNumber` (which also answers the label JSON when
 * the client prefers it), the public statistics at `/stats`, the stylesheet, and HTML error pages
 * for people. The API under /api/
 * keeps its problem+json errors. Pages work without JavaScript; the CSP forbids any script.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { loadPublicLabel } from '../../app/labels/public-label.ts';
import { publicVersion } from '../../app/public-version.ts';
import { checkRecognition } from '../../app/recognition/check-recognition.ts';
import { matchRequirements, PSTI_SCHEME } from '../../app/recognition/psti-document.ts';
import { getRegistryStats } from '../../app/stats/registry-stats.ts';
import { DomainError, ERROR_CATALOGUE } from '../../domain/errors.ts';
import { canonicalRegistrationNumber, parseRegistrationNumber } from '../../domain/registration-number.ts';
import { isValidIsoDate, jstDate, startOfJstDate } from '../../domain/time.ts';
import { sendProblem, toDomainError } from '../problem.ts';
import { cachedListPublicLabels, listDeadline } from '../cached-list.ts';
import { cachedLabelJson, etagOf, sendCached } from '../label-json.ts';
import { cacheDeadline } from '../public-cache.ts';
import type { RouteDeps } from '../server.ts';
import { formatDate } from './format.ts';
import { resolveLocale } from './locale.ts';
import {
  CONTENT_SECURITY_POLICY,
  PAGE_VARY,
  prefersJson,
  sendErrorPage,
  renderPage,
  sendPage,
  sendRenderedPage,
  withLang,
  type PageEnv,
} from './respond.tsx';
import { PAGE_SIZE, readSearchQuery, searchHref, toFilter } from './search-query.ts';
import { isNotModified, loadSiteCss } from './site-css.ts';
import { HomeMain } from './views/home-page.tsx';
import { LabelMain, labelPath } from './views/label-page.tsx';
import { RecognitionMain } from './views/recognition-page.tsx';
import { StatsMain } from './views/stats-page.tsx';
import { PstiListMain } from './views/psti-list-page.tsx';
import { listPstiListings } from '../../app/recognition/psti-listings.ts';
import { UkCheckMain } from './views/uk-check-page.tsx';
import { MESSAGES } from './i18n/index.ts';
import { registerSubscriptionPages } from './subscription-pages.tsx';
import { registerWorkspace } from '../workspace/workspace.ts';
import { ACCOUNT_PLUGINS } from '../workspace/accounts/index.ts';
import { PORTAL_PLUGINS } from '../workspace/portal/index.ts';
import { CONSOLE_PLUGINS } from '../workspace/console/index.ts';
import { EVALUATION_PLUGINS } from '../workspace/evaluation/index.ts';

const LABEL_ROUTE = '/labels/:registrationNumber';
const UK_CHECK_ROUTE = '/labels/:registrationNumber/uk-psti';
/** Query values are read leniently (bad filters are ignored), so the schema only bounds sizes. */
const QueryText = (maxLength: number) => Type.Optional(Type.String({ maxLength }));
const HomeQuery = Type.Object(
  {
    q: QueryText(20_000),
    level: QueryText(20),
    status: QueryText(40),
    category: QueryText(100),
    vendor: QueryText(100),
    uk: QueryText(10),
    sort: QueryText(40),
    cursor: QueryText(2_000),
    page: QueryText(20),
    lang: QueryText(20),
  },
  { additionalProperties: true },
);
const LangQuery = Type.Object({ lang: QueryText(20) }, { additionalProperties: true });
const DateQuery = Type.Object({ date: QueryText(40), lang: QueryText(20) }, { additionalProperties: true });

export const pageRoutes = (deps: RouteDeps): FastifyPluginAsyncTypebox => async (app) => {
  const { ctx, config, cache } = deps;
  const css = loadSiteCss();
  const env: PageEnv = { cssHref: `/assets/site.css?v=${css.version}`, schemeUrl: ctx.catalog.jcStar.sourceUrl ?? 'https://www.ipa.go.jp/security/jc-star/' };
  const categories = ctx.catalog.jcStar.categories.map((c) => ({ id: c.id, name: { ja: c.name.ja, en: c.name.en } }));
  const categoryIds = new Set(categories.map((c) => c.id));
  const levels = ctx.catalog.jcStar.levels.map((l) => l.level);
  const levelSet = new Set(levels);
  const categoryName = (id: string, lang: 'ja' | 'en') => categories.find((c) => c.id === id)?.name[lang] ?? id;

  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    return payload;
  });

  // Errors on these routes are for people: an HTML page in their language. A client that asked
  // the label route for JSON gets the API's problem+json instead.
  app.setErrorHandler(async (error, request, reply) => {
    const domainError = toDomainError(error, request);
    if (request.routeOptions.url === LABEL_ROUTE && prefersJson(request)) {
      return sendProblem(reply, request, config.publicBaseUrl, domainError);
    }
    const status = ERROR_CATALOGUE[domainError.code].status;
    if (typeof domainError.extra.retryAfterSeconds === 'number') reply.header('retry-after', String(domainError.extra.retryAfterSeconds));
    const kind = status === 404 ? 'not-found' : status === 429 ? 'too-many' : status < 500 ? 'bad-request' : 'server-error';
    return sendErrorPage(request, reply, env, resolveLocale(request, reply), kind);
  });

  await registerSubscriptionPages(app, deps, env);
  await registerWorkspace(app, { ...deps, env, secure: config.trustProxy || config.publicBaseUrl.startsWith('https:') }, [
    ...ACCOUNT_PLUGINS,
    ...PORTAL_PLUGINS,
    ...CONSOLE_PLUGINS,
    ...EVALUATION_PLUGINS,
  ]);

  app.get('/assets/site.css', {
    config: { permission: 'public' },
    schema: { hide: true, querystring: Type.Object({ v: QueryText(40) }, { additionalProperties: true }) },
  }, async (request, reply) => {
    reply.header('etag', css.etag).header('cache-control', 'public, max-age=86400');
    if (isNotModified(request.headers['if-none-match'], css.etag)) return reply.code(304).send();
    return reply.type('text/css; charset=utf-8').send(css.body);
  });

  app.get('/', {
    config: { permission: 'public' },
    schema: { hide: true, querystring: HomeQuery },
  }, async (request, reply) => {
    const locale = resolveLocale(request, reply);
    const state = readSearchQuery(request.query, categoryIds, levelSet);
    // The rendered page comes from the public cache while nothing public has changed, like the
    // list it shows (cached-list.ts): same deadline, one rendering for requests that miss at once.
    const key = `home-html:${locale.lang}:${JSON.stringify(state)}`;
    const now = ctx.clock.now();
    const version = await publicVersion(ctx);
    const hit = cache.get(key, version, now.getTime());
    if (hit) {
      if (request.headers['if-none-match'] === hit.etag && !locale.isCookieSet) return reply.code(304).header('etag', hit.etag).send();
      return sendRenderedPage(reply, locale, hit.body, { etag: hit.etag });
    }
    const entry = await cache.fill(key, version, async () => {
      let isCursorInvalid = state.isCursorMalformed;
      let result;
      try {
        result = await cachedListPublicLabels(ctx, cache, toFilter(state, !isCursorInvalid));
      } catch (error) {
        if (!(error instanceof DomainError && error.code === 'INVALID_CURSOR')) throw error;
        isCursorInvalid = true;
        result = await cachedListPublicLabels(ctx, cache, toFilter(state, false));
      }
      const page = isCursorInvalid ? { ...state, cursor: undefined, page: 1 } : state;
      const switchHref = searchHref(state, {
        cursor: page.cursor,
        page: page.cursor ? page.page : undefined,
        lang: locale.t.site.otherLanguageCode,
      });
      const html = await renderPage(
        env,
        locale,
        { title: locale.t.home.title, description: locale.t.home.lede, switchHref },
        HomeMain({
          t: locale.t,
          lang: locale.lang,
          state: page,
          levels,
          categories,
          items: result.items,
          total: result.total,
          isTotalLowerBound: result.totalRelation === 'gte',
          nextCursor: result.nextCursor,
          isCursorInvalid,
          pageSize: PAGE_SIZE,
        }),
      );
      const body = Buffer.from(html);
      return { version, until: await listDeadline(ctx, now, version), body, etag: etagOf(body) };
    });
    return sendRenderedPage(reply, locale, entry.body, { etag: entry.etag });
  });

  app.get(LABEL_ROUTE, {
    config: { permission: 'public' },
    schema: {
      hide: true,
      params: Type.Object({ registrationNumber: Type.String({ maxLength: 2_000 }) }),
      querystring: LangQuery,
    },
  }, async (request, reply) => {
    const typed = request.params.registrationNumber;
    const wantsJson = prefersJson(request);
    reply.header('vary', PAGE_VARY);
    const parsed = parseRegistrationNumber(typed);
    if (!parsed) {
      if (wantsJson) return sendProblem(reply, request, config.publicBaseUrl, new DomainError('NOT_FOUND', 'Not a registration number'));
      return sendErrorPage(request, reply, env, resolveLocale(request, reply), 'label-malformed', typed);
    }
    const canonical = canonicalRegistrationNumber(typed);
    if (canonical !== typed) {
      const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
      return reply.redirect(`${labelPath(canonical)}${query}`, 301);
    }
    const locale = wantsJson ? undefined : resolveLocale(request, reply);
    // Rendered pages and JSON come from the public cache while nothing public has changed.
    const key = `label-html:${canonical}:${locale?.lang}`;
    const now = ctx.clock.now();
    const version = await publicVersion(ctx);
    const hit = locale && cache.get(key, version, now.getTime());
    if (hit) {
      if (request.headers['if-none-match'] === hit.etag && !locale.isCookieSet) return reply.code(304).header('etag', hit.etag).send();
      return sendRenderedPage(reply, locale, hit.body, { etag: hit.etag });
    }
    let entry;
    try {
      if (wantsJson) return sendCached(request, reply, await cachedLabelJson(ctx, cache, canonical), 'application/json; charset=utf-8');
      // Requests that miss at once (a popular page right after a change) share one rendering.
      entry = await cache.fill(key, version, async () => {
        const label = await loadPublicLabel(ctx, ctx.db, canonical, now);
        const page = locale!;
        const name = page.lang === 'ja' ? label.product.name.ja : label.product.name.en || label.product.name.ja;
        const html = await renderPage(
          env,
          page,
          {
            title: `${name} (${label.registrationNumber})`,
            description: `${label.registrationNumber} ${page.t.label.titleSuffix}`,
            switchHref: withLang(labelPath(label.registrationNumber), page.t.site.otherLanguageCode),
            jsonHref: `/api/v1/labels/${encodeURIComponent(label.registrationNumber)}`,
          },
          LabelMain({
            t: page.t,
            lang: page.lang,
            label,
            categoryName: categoryName(label.product.category, page.lang),
            // Changes only with label events (the version) or time (the cache deadline covers expiry).
            uk: await checkRecognition(ctx, label.registrationNumber, PSTI_SCHEME, now),
          }),
        );
        const body = Buffer.from(html);
        return { version, until: cacheDeadline(now, [label.expiresAt, label.security.securityTxt?.expiresAt]), body, etag: etagOf(body) };
      });
    } catch (error) {
      if (!(error instanceof DomainError && error.code === 'NOT_FOUND')) throw error;
      if (wantsJson) return sendProblem(reply, request, config.publicBaseUrl, error);
      return sendErrorPage(request, reply, env, resolveLocale(request, reply), 'label-not-found', typed);
    }
    return sendRenderedPage(reply, locale!, entry.body, { etag: entry.etag });
  });

  // The UK-facing list of declared products: English only, like the UK check page.
  app.get('/psti', {
    config: { permission: 'public' },
    schema: { hide: true, querystring: LangQuery },
  }, async (_request, reply) => {
    const english = { lang: 'en' as const, t: MESSAGES.en, isCookieSet: false };
    return sendPage(
      reply,
      env,
      english,
      { title: 'UK PSTI: JC-STAR ★1 products declared for the UK', description: 'JC-STAR ★1 products declared for the UK PSTI regime, with label status', switchHref: '/?lang=ja' },
      PstiListMain({ t: MESSAGES.en, listings: await listPstiListings(ctx) }),
    );
  });

  app.get('/recognition', {
    config: { permission: 'public' },
    schema: { hide: true, querystring: LangQuery },
  }, async (request, reply) => {
    const locale = resolveLocale(request, reply);
    return sendPage(
      reply,
      env,
      locale,
      { title: locale.t.recognition.title, description: locale.t.recognition.lede, switchHref: withLang('/recognition', locale.t.site.otherLanguageCode) },
      RecognitionMain({ t: locale.t, lang: locale.lang, catalog: ctx.catalog }),
    );
  });

  // For UK importers and OPSS officers: English only, whatever the visitor's language.
  app.get(UK_CHECK_ROUTE, {
    config: { permission: 'public' },
    schema: {
      hide: true,
      params: Type.Object({ registrationNumber: Type.String({ maxLength: 2_000 }) }),
      querystring: DateQuery,
    },
  }, async (request, reply) => {
    const typed = request.params.registrationNumber;
    const english = { lang: 'en' as const, t: MESSAGES.en, isCookieSet: false };
    if (!parseRegistrationNumber(typed)) return sendErrorPage(request, reply, env, english, 'label-malformed', typed);
    const canonical = canonicalRegistrationNumber(typed);
    if (canonical !== typed) {
      const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
      return reply.redirect(`${labelPath(canonical)}/uk-psti${query}`, 301);
    }
    const now = ctx.clock.now();
    const asked = request.query.date?.trim() ?? '';
    const isDateValid = isValidIsoDate(asked);
    // A date means that whole JST day, checked at its last millisecond (as the recognition API).
    const at = isDateValid ? new Date(startOfJstDate(asked).getTime() + 86_400_000 - 1) : now;
    let label;
    try {
      label = await loadPublicLabel(ctx, ctx.db, canonical, now);
    } catch (error) {
      if (!(error instanceof DomainError && error.code === 'NOT_FOUND')) throw error;
      return sendErrorPage(request, reply, env, english, 'label-not-found', typed);
    }
    const answer = await checkRecognition(ctx, canonical, PSTI_SCHEME, at);
    const psti = ctx.catalog.schemes.get(PSTI_SCHEME)?.requirements ?? [];
    const requirements = matchRequirements(ctx.catalog, PSTI_SCHEME, label.criteria.id).map((m) => ({
      ...m,
      summary: psti.find((r) => r.id === m.id)?.summary.en ?? '',
    }));
    const rule = answer.rule ? ctx.catalog.recognitions.get(answer.rule.id) : undefined;
    const product = label.product.name.en || label.product.name.ja;
    return sendPage(
      reply,
      env,
      english,
      {
        title: `UK PSTI check: ${product} (${label.registrationNumber})`,
        description: `Whether JC-STAR label ${label.registrationNumber} counts for UK PSTI on a date, and why`,
        switchHref: withLang(labelPath(label.registrationNumber), 'ja'),
      },
      UkCheckMain({
        t: MESSAGES.en,
        label,
        answer,
        date: isDateValid ? asked : jstDate(now),
        isDateInvalid: asked !== '' && !isDateValid,
        requirements,
        legalBasisUrl: rule?.agreement.url ?? null,
      }),
    );
  });

  app.get('/stats', {
    config: { permission: 'public' },
    schema: { hide: true, querystring: LangQuery },
  }, async (request, reply) => {
    const locale = resolveLocale(request, reply);
    const stats = await getRegistryStats(ctx);
    return sendPage(
      reply,
      env,
      locale,
      { title: locale.t.stats.title, description: locale.t.stats.lede(formatDate(stats.asOf, locale.lang)), switchHref: withLang('/stats', locale.t.site.otherLanguageCode) },
      StatsMain({ t: locale.t, lang: locale.lang, stats, categoryName: (id) => categoryName(id, locale.lang) }),
    );
  });

  // Any other GET outside the API is a person following a broken link: answer with an HTML 404.
  // Under /api/ the answer stays the API's problem+json, exactly as the server's not-found handler.
  app.get('/*', {
    config: { permission: 'public' },
    schema: { hide: true },
  }, async (request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    if (path === '/api' || path.startsWith('/api/')) {
      return sendProblem(reply, request, config.publicBaseUrl, new DomainError('ROUTE_NOT_FOUND', `No route ${request.method} ${path}`));
    }
    const locale = resolveLocale(request, reply);
    const label = /^\/labels\/([^/]+)\/?$/.exec(path);
    if (label) return sendErrorPage(request, reply, env, locale, 'label-malformed', safeDecode(label[1]!));
    return sendErrorPage(request, reply, env, locale, 'not-found');
  });
};

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
