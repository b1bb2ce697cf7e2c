/**
 * The people's side of subscriptions, without script: the form on the product page posts to
 * `/subscriptions`; the confirmation and unsubscribe links from e-mails open a page with one
 * button (a POST), because mail scanners open links but do not press buttons. The unsubscribe URL
 * also takes the RFC 8058 one-click POST that mail clients send by themselves.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import formbody from '@fastify/formbody';
import { confirmSubscription, subscribe, unsubscribe } from '../../app/subscriptions/subscriptions.ts';
import { DomainError } from '../../domain/errors.ts';
import type { RouteDeps } from '../server.ts';
import { isLang, MESSAGES } from './i18n/index.ts';
import { resolveLocale, type Locale } from './locale.ts';
import { sendPage, withLang, type PageEnv } from './respond.tsx';

type Form = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';
const many = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? [v] : []);

function Message({ title, paragraphs }: { title: string; paragraphs: string[] }) {
  return (
    <section class="block">
      <h1 class="page-title" safe>{title}</h1>
      {paragraphs.map((p) => <p safe>{p}</p>)}
    </section>
  );
}

function ButtonPage({ title, body, action, token, button }: { title: string; body: string; action: string; token: string; button: string }) {
  return (
    <section class="block">
      <h1 class="page-title" safe>{title}</h1>
      <p safe>{body}</p>
      <form method="post" action={action}>
        <input type="hidden" name="token" value={token} />
        <button class="button button--primary" type="submit" safe>{button}</button>
      </form>
    </section>
  );
}

export async function registerSubscriptionPages(app: FastifyInstance, { ctx }: RouteDeps, env: PageEnv): Promise<void> {
  await app.register(async (scope) => {
    // Form bodies only here: the JSON API stays JSON-only.
    await scope.register(formbody, { bodyLimit: 16 * 1024 });
    const page = (reply: FastifyReply, locale: Locale, path: string, title: string, main: string | Promise<string>, status = 200) =>
      sendPage(reply, env, locale, { title, switchHref: withLang(path, locale.lang === 'ja' ? 'en' : 'ja'), status, cacheControl: 'no-store' }, main);
    const invalidLink = (reply: FastifyReply, locale: Locale, path: string) =>
      page(reply, locale, path, locale.t.sec.invalidLinkTitle, Message({ title: locale.t.sec.invalidLinkTitle, paragraphs: [locale.t.sec.invalidLinkBody] }), 404);
    const refused = (error: DomainError) => [error.message, ...error.fields.map((f) => f.detail)];

    scope.post('/subscriptions', { config: { permission: 'public' }, schema: { hide: true } }, async (request, reply) => {
      const form = (request.body ?? {}) as Form;
      const lang = one(form.lang);
      // The form carries the page's language, so the answer is in the language the visitor read.
      const locale: Locale = isLang(lang) ? { lang, t: MESSAGES[lang], isCookieSet: false } : resolveLocale(request, reply);
      const email = one(form.email);
      try {
        await subscribe(ctx, {
          channel: 'email',
          email,
          scope: { type: 'product', registrationNumber: one(form.registrationNumber) },
          events: many(form.events),
          locale: locale.lang,
        });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        const status = error.code === 'RATE_LIMITED' ? 429 : 400;
        return page(reply, locale, '/subscriptions', locale.t.sec.invalidFormTitle, Message({ title: locale.t.sec.invalidFormTitle, paragraphs: refused(error) }), status);
      }
      return page(reply, locale, '/subscriptions', locale.t.sec.checkMailTitle, Message({ title: locale.t.sec.checkMailTitle, paragraphs: [locale.t.sec.checkMailBody(email)] }), 202);
    });

    scope.get('/subscriptions/confirm', { config: { permission: 'public' }, schema: { hide: true } }, async (request, reply) => {
      const locale = resolveLocale(request, reply);
      const token = one((request.query as Form).token);
      const t = locale.t.sec;
      return page(reply, locale, request.url, t.confirmTitle, ButtonPage({ title: t.confirmTitle, body: t.confirmBody, action: '/subscriptions/confirm', token, button: t.confirmButton }));
    });

    scope.post('/subscriptions/confirm', { config: { permission: 'public' }, schema: { hide: true } }, async (request, reply) => {
      const locale = resolveLocale(request, reply);
      try {
        await confirmSubscription(ctx, one(((request.body ?? {}) as Form).token));
      } catch (error) {
        if (error instanceof DomainError && error.code === 'NOT_FOUND') return invalidLink(reply, locale, '/subscriptions/confirm');
        throw error;
      }
      return page(reply, locale, '/subscriptions/confirm', locale.t.sec.confirmedTitle, Message({ title: locale.t.sec.confirmedTitle, paragraphs: [locale.t.sec.confirmedBody] }));
    });

    scope.get('/subscriptions/unsubscribe', { config: { permission: 'public' }, schema: { hide: true } }, async (request, reply) => {
      const locale = resolveLocale(request, reply);
      const token = one((request.query as Form).token);
      const t = locale.t.sec;
      return page(reply, locale, request.url, t.unsubscribeTitle, ButtonPage({ title: t.unsubscribeTitle, body: t.unsubscribeBody, action: '/subscriptions/unsubscribe', token, button: t.unsubscribeButton }));
    });

    // The token comes in the form (button) or in the query (RFC 8058 one-click POST to the List-Unsubscribe URL).
    scope.post('/subscriptions/unsubscribe', { config: { permission: 'public' }, schema: { hide: true } }, async (request, reply) => {
      const locale = resolveLocale(request, reply);
      const token = one(((request.body ?? {}) as Form).token) || one((request.query as Form).token);
      try {
        await unsubscribe(ctx, token);
      } catch (error) {
        if (error instanceof DomainError && error.code === 'NOT_FOUND') return invalidLink(reply, locale, '/subscriptions/unsubscribe');
        throw error;
      }
      return page(reply, locale, '/subscriptions/unsubscribe', locale.t.sec.unsubscribedTitle, Message({ title: locale.t.sec.unsubscribedTitle, paragraphs: [locale.t.sec.unsubscribedBody] }));
    });
  });
}
